"""The relays' prospect lists and the organisers' recruitment and representativeness
pages. A relay reaches the prospects of its network in its departments; an
organiser those of its region, or all; anything else answers 404."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.backoffice.scope import is_organiser, moderated_by
from usines.editions.models import Edition
from usines.factories.models import Participation
from usines.outreach import services
from usines.outreach.forms import ContactForm, ImportForm, UrssafForm
from usines.outreach.models import Prospect, ProspectStatus, RefusalReason, Relay
from usines.reference.models import Region, Sector, SizeGroup

PAGE_SIZE = 30


def prospects_for(user) -> QuerySet[Prospect]:
    relay = Relay.objects.filter(user=user).first() if user.is_authenticated else None
    if relay is not None:
        return Prospect.objects.filter(
            network=relay.network, commune__department__in=relay.departments.all()
        )
    if is_organiser(user):
        if user.region_id and not user.is_superuser:
            return Prospect.objects.filter(commune__department__region_id=user.region_id)
        return Prospect.objects.all()
    return Prospect.objects.none()


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
                return redirect("outreach:prospects")
    status = request.GET.get("status", "")
    if status:
        mine = mine.filter(status=status)
    page = Paginator(mine.order_by("status", "company"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "outreach/prospects.html",
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
            return redirect("outreach:prospect", prospect_id=item.pk)
    return render(
        request,
        "outreach/prospect.html",
        {"prospect": item, "form": form, "contacts": item.contacts.select_related("relay")},
    )


def _edition_participations():
    """The whole national panel: a relay's ranking weighs its prospects against it."""
    return Participation.objects.filter(edition=Edition.objects.current())


@login_required
def recruitment(request: HttpRequest) -> HttpResponse:
    """Conversion by network and by department, and the refusals with their reasons."""
    scope = prospects_for(request.user)
    if not is_organiser(request.user):
        raise Http404
    by_status = {value: Count("pk", filter=Q(status=value)) for value in ProspectStatus.values}
    networks = (
        scope.values("network_id", "network__name")
        .annotate(total=Count("pk"), **by_status)
        .order_by("network__name")
    )
    departments = (
        scope.values("commune__department_id", "commune__department__name")
        .annotate(total=Count("pk"), **by_status)
        .order_by("commune__department_id")
    )
    reasons = dict(
        scope.filter(status=ProspectStatus.REFUSED)
        .values_list("refusal_reason")
        .annotate(n=Count("pk"))
        .values_list("refusal_reason", "n")
    )
    return render(
        request,
        "outreach/recruitment.html",
        {
            "networks": networks,
            "widget": settings.SITE_URL + reverse("web:widget"),
            "departments": departments,
            "statuses": ProspectStatus.choices,
            "reasons": sorted(
                ((label, reasons.get(value, 0)) for value, label in RefusalReason.choices),
                key=lambda row: -row[1],
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def representativeness_view(request: HttpRequest) -> HttpResponse:
    participations = moderated_by(request.user).filter(edition=Edition.objects.current())
    form = UrssafForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        text = io.TextIOWrapper(upload.file, encoding="utf-8-sig").read()
        try:
            total = services.import_urssaf(text, upload.name)
        except services.OutreachError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request, _("Reference loaded: %(n)s manufacturing establishments.") % {"n": total}
            )
            return redirect("outreach:representativeness")
    labels = {
        "region": dict(Region.objects.values_list("pk", "name")),
        "sector": dict(Sector.choices),
        "size": dict(SizeGroup.choices),
    }
    titles = {"region": _("By region"), "sector": _("By sector"), "size": _("By size")}
    comparisons = [
        (titles[c.dimension], c.index, [(labels[c.dimension].get(g.key, g.key), g) for g in c.gaps])
        for c in services.compare(participations)
    ]
    return render(
        request,
        "outreach/representativeness.html",
        {
            "comparisons": comparisons,
            "form": form,
            "next": services.canvass_next(participations, prospects_for(request.user), 20),
            "sources": sorted(
                set(services.ReferenceCount.objects.values_list("source", flat=True))
            ),
        },
    )
