"""The relays' prospect lists. A relay reaches the prospects of its network in its
departments; an organiser those of its region, or all; anything else answers 404."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.editions.models import Edition
from usines.factories.models import Participation
from usines.outreach import services
from usines.outreach.models import ProspectStatus, Relay
from usines.outreach.scope import prospects_for
from usines.relays.forms import ContactForm, ImportForm

PAGE_SIZE = 30


def _relay(request: HttpRequest) -> Relay:
    relay = Relay.objects.select_related("network").filter(user=request.user).first()
    if relay is None:
        raise Http404
    return relay


@login_required
@require_http_methods(["GET", "POST"])
def prospects(request: HttpRequest) -> HttpResponse:
    relay = _relay(request)
    mine = prospects_for(request.user).select_related("commune", "owner")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        text = io.TextIOWrapper(form.cleaned_data["file"].file, encoding="utf-8-sig").read()
        try:
            report = services.import_prospects(relay.network, text, request.user)
        except services.OutreachError as error:
            form.add_error("file", error.message)
        else:
            if report.errors:
                for error in report.errors[:20]:
                    form.add_error("file", error)
            else:
                messages.success(
                    request, _("%(count)s prospects imported.") % {"count": report.created}
                )
                return redirect("relays:prospects")
    status = request.GET.get("status", "")
    if status:
        mine = mine.filter(status=status)
    page = Paginator(mine.order_by("status", "company"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "relays/prospects.html",
        {
            "relay": relay,
            "page": page,
            "form": form,
            "statuses": ProspectStatus.choices,
            "status": status,
            "query": f"status={status}" if status else "",
            "next": services.canvass_next(
                _edition_participations(), prospects_for(request.user), 10
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def prospect(request: HttpRequest, prospect_id: int) -> HttpResponse:
    item = get_object_or_404(
        prospects_for(request.user).select_related("commune", "network"), pk=prospect_id
    )
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.log_contact(
                item,
                request.user,
                form.cleaned_data["outcome"],
                form.cleaned_data["refusal_reason"],
                form.cleaned_data["note"],
            )
        except services.OutreachError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The contact is recorded."))
            return redirect("relays:prospect", prospect_id=item.pk)
    return render(
        request,
        "relays/prospect.html",
        {"prospect": item, "form": form, "contacts": item.contacts.select_related("relay")},
    )


def _edition_participations():
    """The whole national panel: a relay's ranking weighs its prospects against it."""
    return Participation.objects.filter(edition=Edition.objects.current())
