"""The organisers' pages: the moderation queue, one participation to decide, attendance.

An organiser sees the participations of its region (all of France when national);
each decision calls one service, which records who decided and when.
"""

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from usines.backoffice.forms import DecisionForm
from usines.backoffice.scope import moderated_by, region_query, region_shown
from usines.editions.models import Edition
from usines.factories import services
from usines.factories.exceptions import HostingError
from usines.factories.models import Participation, ParticipationStatus, Site
from usines.reference.models import Region, Sector
from usines.reports.figures import Figures

PAGE_SIZE = 30


class ModerationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Status"),
        choices=ParticipationStatus.choices,
        empty_label=gettext_lazy("All statuses"),
    )
    region = django_filters.ModelChoiceFilter(
        label=gettext_lazy("Region"),
        queryset=Region.objects.all(),
        field_name="site__commune__department__region",
        empty_label=gettext_lazy("All regions"),
    )
    sector = django_filters.ChoiceFilter(
        label=gettext_lazy("Sector"),
        choices=Sector.choices,
        field_name="site__naf__division__sector",
        empty_label=gettext_lazy("All sectors"),
    )

    class Meta:
        model = Participation
        fields = ["status", "region", "sector"]


def _current() -> Edition | None:
    return Edition.objects.current()


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    edition = _current()
    base = moderated_by(request.user).filter(edition=edition)
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = ParticipationStatus.SUBMITTED
    queue = ModerationFilter(
        data,
        queryset=base.select_related("site__commune__department", "site__naf__division").order_by(
            "submitted_at", "pk"
        ),
    )
    page = Paginator(queue.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(
        base.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/moderation.html",
        {
            "edition": edition,
            "filter": queue,
            "page": page,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in ParticipationStatus.choices
            ],
            "query": query.urlencode(),
        },
    )


def duplicate_warnings(participation: Participation) -> list[str]:
    """What an organiser should check before approving: same company, same name nearby."""
    site = participation.site
    warnings = []
    siblings = Site.objects.filter(company_id=site.company_id).exclude(pk=site.pk)
    for other in siblings.filter(participations__edition=participation.edition)[:5]:
        warnings.append(
            _(
                "Another site of the same company (SIREN %(siren)s) takes part: "
                "%(name)s, %(commune)s."
            )
            % {"siren": site.company.siren, "name": other.name, "commune": other.commune.name}
        )
    same_name = (
        Site.objects.filter(
            Q(name__iexact=site.name) | Q(address__iexact=site.address),
            commune_id=site.commune_id,
        )
        .exclude(pk=site.pk)
        .exclude(company_id=site.company_id)
    )
    for other in same_name[:5]:
        warnings.append(
            _(
                "A site with the same name or address in %(commune)s has another SIRET: "
                "%(siret)s (%(name)s)."
            )
            % {"commune": site.commune.name, "siret": other.siret, "name": other.name}
        )
    return warnings


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, participation_id: int) -> HttpResponse:
    participation = get_object_or_404(
        moderated_by(request.user).select_related(
            "site__company", "site__commune__department__region", "site__naf__division", "visit"
        ),
        pk=participation_id,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        action = {
            DecisionForm.APPROVE: services.approve_participation,
            DecisionForm.CHANGES: services.request_changes,
            DecisionForm.DECLINE: services.decline_participation,
        }[decision]
        try:
            action(participation, request.user, message)
        except HostingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(site)s: decision recorded, the host is told by e-mail.")
                % {"site": participation.site.name},
            )
            return redirect("backoffice:moderation")
    return render(
        request,
        "backoffice/decide.html",
        {
            "participation": participation,
            "site": participation.site,
            "visit": participation.visit,
            "form": form,
            "warnings": duplicate_warnings(participation),
            "events": participation.events.select_related("actor"),
            "slots": participation.visit.slots.filter(is_cancelled=False).select_related("day"),
            "can_decide": participation.status
            in (ParticipationStatus.SUBMITTED, ParticipationStatus.APPROVED),
        },
    )


@login_required
def attendance_overview(request: HttpRequest) -> HttpResponse:
    """Who came, for the organiser's scope: by day, by region, and the classes."""
    moderated_by(request.user)  # organisers only
    edition = _current()
    if edition is None:
        raise Http404
    region = region_shown(request)
    numbers = Figures.of(edition, region)
    return render(
        request,
        "backoffice/attendance_overview.html",
        {
            "edition": edition,
            "region_query": region_query(request, region),
            "computed_at": numbers.computed_at,
            "rows": [*numbers.attendance_by_region(), (_("Total"), numbers.attendance())],
            "classes_by": [
                (_("By level"), "classes", numbers.classes("level")),
                (_("By region"), "classes-regions", numbers.classes("region")),
                (_("By sector"), "classes-sectors", numbers.classes("sector")),
            ],
            "per_day_rows": [
                (
                    f"{date_format(day.date, 'l j F')} – {day.get_audience_display()}",
                    numbers.attendance(day),
                )
                for day in edition.days.all()
            ],
        },
    )
