"""Where the invitation to take part again leads: a host sees what will be copied
from last time into the new edition, and confirms with one button (a GET changes
nothing, so that a mail client opening links ahead registers nobody)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.editions.calendar import edition_calendar
from usines.editions.models import Edition, PhaseKind
from usines.factories import returning, services
from usines.factories.exceptions import HostingError
from usines.factories.models import Participation
from usines.hosts.access import site_or_404


def _after(site_id: int, edition: Edition):
    """The site's page when the edition is the current one (the pages' edition)."""
    if edition == Edition.objects.current():
        return redirect("hosts:site", site_id=site_id)
    return redirect("hosts:home")


@login_required
@require_http_methods(["GET", "POST"])
def take_part_in(request: HttpRequest, site_id: int, edition_id: int) -> HttpResponse:
    site = site_or_404(request, site_id)
    edition = get_object_or_404(Edition, pk=edition_id, is_published=True)
    names = {"site": site.name, "edition": edition.name}
    if Participation.objects.filter(site=site, edition=edition).exists():
        messages.info(request, _("%(site)s already takes part in %(edition)s.") % names)
        return _after(site.pk, edition)
    if request.method == "POST":
        try:
            services.take_part_again(site, request.user, edition)
        except HostingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(site)s takes part in %(edition)s: check the visit and slots copied from "
                  "last time, then submit the visit.") % names,
            )  # fmt: skip
            return _after(site.pk, edition)
    previous = returning.previous_participation(site, edition)
    return render(
        request,
        "hosts/take_part_in.html",
        {
            "site": site,
            "edition": edition,
            "previous": previous,
            "slot_count": previous.visit.slots.filter(is_cancelled=False).count()
            if previous
            else 0,
            "registration": edition_calendar(edition).opening(
                PhaseKind.REGISTRATION, timezone.now()
            ),
        },
    )
