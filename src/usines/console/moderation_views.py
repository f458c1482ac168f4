"""The organisers' moderation: the queue of participations, one participation to decide.

An organiser sees the participations of its region (all of France when national);
each decision calls one service, which records who decided and when.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines.console.forms import DecisionForm, ModerationFilter
from usines.editions.models import Edition
from usines.factories import edits as public_edits
from usines.factories import services
from usines.factories.exceptions import HostingError
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
    Site,
)
from usines.factories.scope import moderated_by

PAGE_SIZE = 30


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
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
        "console/moderation.html",
        {
            "edition": edition,
            "filter": queue,
            "page": page,
            "counts": [
                (value, label, counts.get(value, 0)) for value, label in ParticipationStatus.choices
            ],
            "query": query.urlencode(),
            "edits": _edits_to_review(request).count(),
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
            return redirect("console:moderation")
    return render(
        request,
        "console/decide.html",
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


def _edits_to_review(request: HttpRequest):
    return ParticipationEvent.objects.filter(
        action=ParticipationAction.EDITED,
        reviewed_at__isnull=True,
        participation__in=moderated_by(request.user),
    )


@login_required
@require_GET
def edits(request: HttpRequest) -> HttpResponse:
    """Changes hosts made to visits already approved: live at once, shown here side
    by side until an organiser has seen them."""
    pending = _edits_to_review(request).select_related("participation__site", "actor")
    page = Paginator(pending.order_by("created_at", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "console/edits.html", {"page": page})


@login_required
@require_POST
def edit_seen(request: HttpRequest, event_id: int) -> HttpResponse:
    event = get_object_or_404(_edits_to_review(request), pk=event_id)
    public_edits.mark_edit_seen(event, request.user)
    messages.success(request, _("Marked as seen."))
    return redirect("console:edits")
