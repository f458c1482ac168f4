"""The relays' prospect lists. A relay reaches the prospects of its network in its
departments; an organiser those of its region, or all; anything else answers 404.
A relay works on the edition being recruited for (`outreach.prospects`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from usines.editions.models import Edition
from usines.factories.models import Participation
from usines.outreach import services
from usines.outreach.models import Network, ProspectStatus, Relay
from usines.outreach.prospects import recruiting_edition
from usines.outreach.scope import prospects_for, territory_of
from usines.relays.forms import ContactForm
from usines.ui.prospect_pages import add_prospect_page, import_page

PAGE_SIZE = 30


def _relay(request: HttpRequest) -> Relay:
    relay = Relay.objects.select_related("network").filter(user=request.user).first()
    if relay is None:
        raise Http404
    return relay


def _edition() -> Edition:
    edition = recruiting_edition()
    if edition is None:
        raise Http404(_("No edition is being prepared yet."))
    return edition


@login_required
@require_GET
def prospects(request: HttpRequest) -> HttpResponse:
    relay = _relay(request)
    edition = _edition()
    mine = prospects_for(request.user).filter(edition=edition).select_related("commune", "owner")
    status = request.GET.get("status", "")
    if status in ProspectStatus.values:
        mine = mine.filter(status=status)
    page = Paginator(
        mine.order_by(F("follow_up_on").asc(nulls_last=True), "status", "company", "pk"),
        PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "relays/prospects.html",
        {
            "relay": relay,
            "edition": edition,
            "page": page,
            "statuses": ProspectStatus.choices,
            "status": status,
            "query": f"status={status}" if status else "",
            "today": timezone.localdate(),
            "next": services.canvass_next(
                Participation.objects.filter(edition=edition),
                prospects_for(request.user).filter(edition=edition),
                10,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_prospect(request: HttpRequest) -> HttpResponse:
    relay = _relay(request)
    return add_prospect_page(
        request,
        _edition(),
        Network.objects.filter(pk=relay.network_id),
        territory_of(request.user),
        reverse("relays:prospects"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_prospects(request: HttpRequest) -> HttpResponse:
    relay = _relay(request)
    return import_page(
        request,
        _edition(),
        Network.objects.filter(pk=relay.network_id),
        territory_of(request.user),
        reverse("relays:prospects"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def prospect(request: HttpRequest, prospect_id: int) -> HttpResponse:
    item = get_object_or_404(
        prospects_for(request.user).select_related("commune", "network", "edition"),
        pk=prospect_id,
    )
    form = ContactForm(request.POST or None, initial={"follow_up_on": item.follow_up_on})
    if request.method == "POST" and form.is_valid():
        try:
            services.log_contact(
                item,
                request.user,
                form.cleaned_data["outcome"],
                form.cleaned_data["refusal_reason"],
                form.cleaned_data["note"],
                form.cleaned_data["follow_up_on"],
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
