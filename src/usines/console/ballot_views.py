"""Ballots in the console: setting a visit (or the whole public phase) to ballot mode,
running a closed ballot's draw, its log, and the fairness figures of the draws."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines import spreadsheets
from usines.ballots import drawing, services
from usines.ballots.exceptions import BallotError
from usines.ballots.figures import ballot_figures
from usines.ballots.forms import BallotSetupForm
from usines.ballots.models import Ballot, BallotStatus
from usines.console.regions import region_shown
from usines.editions.models import Audience
from usines.factories.models import ParticipationStatus, Visit
from usines.factories.scope import is_organiser, sites_for
from usines.ui.shortcuts import current_edition_or_404


def _organiser(request: HttpRequest) -> None:
    if not is_organiser(request.user):
        raise Http404


def _nationwide(user) -> bool:
    return user.is_superuser or user.region_id is None


def ballots_for(user):
    """The ballots an organiser reaches: its scope's visits', and the whole-phase ones."""
    reached = Q(visit__participation__site__in=sites_for(user))
    if _nationwide(user):
        reached |= Q(visit__isnull=True)
    return Ballot.objects.filter(reached)


@login_required
@require_http_methods(["GET", "POST"])
def ballots(request: HttpRequest) -> HttpResponse:
    """The edition's ballots, a form to add one, and the fairness figures of the draws."""
    _organiser(request)
    edition = current_edition_or_404()
    visits = (
        Visit.objects.filter(
            participation__edition=edition,
            participation__site__in=sites_for(request.user),
            participation__status__in=[ParticipationStatus.APPROVED, ParticipationStatus.PUBLISHED],
        )
        .select_related("participation__site")
        .order_by("participation__site__name")
    )
    form = BallotSetupForm(
        request.POST or None, visits=visits, whole_phase=_nationwide(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            ballot = services.create_ballot(
                edition,
                form.cleaned_data["audience"],
                form.cleaned_data["opens_at"],
                form.cleaned_data["closes_at"],
                form.cleaned_data["max_choices"],
                form.cleaned_data["priority_first_time"],
                visit=form.visit(),
                actor=request.user,
            )
        except BallotError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("The ballot is set: its slots are now entered, not booked.")
            )
            return redirect("console:ballot", ballot_id=ballot.pk)
    region = region_shown(request)
    listed = (
        ballots_for(request.user)
        .filter(edition=edition)
        .select_related("visit__participation__site")
        .annotate(entrants=Count("entries"))
    )
    return render(
        request,
        "console/ballots.html",
        {
            "ballots": listed,
            "form": form,
            "region": region,
            "by_region": ballot_figures(edition, region, "region"),
            "by_audience": ballot_figures(edition, region, "audience"),
            "by_school": [row for row in ballot_figures(edition, region, "school") if row.group],
            "audiences": dict(Audience.choices),
        },
    )


def _ballot_or_404(request: HttpRequest, ballot_id: int) -> Ballot:
    _organiser(request)
    return get_object_or_404(
        ballots_for(request.user).select_related("edition", "visit__participation__site"),
        pk=ballot_id,
    )


@login_required
@require_GET
def ballot(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = _ballot_or_404(request, ballot_id)
    entries = ballot.entries.aggregate(
        entrants=Count("pk"),
        first_choice=Count("pk", filter=Q(won_rank=1)),
        won=Count("pk", filter=Q(won_slot__isnull=False)),
    )
    return render(
        request,
        "console/ballot.html",
        {"ballot": ballot, "counts": entries, "status": BallotStatus},
    )


@login_required
@require_POST
def ballot_draw(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = _ballot_or_404(request, ballot_id)
    public_value = request.POST.get("public_value", "").strip()[:100]
    if not public_value:
        messages.error(request, _("Type the public value announced for this draw."))
        return redirect("console:ballot", ballot_id=ballot.pk)
    try:
        at_once = drawing.start_draw(ballot, public_value, actor=request.user)
    except BallotError as error:
        messages.error(request, error.message)
    else:
        if at_once:
            messages.success(request, _("The draw is done: winners receive their tickets."))
        else:
            messages.success(request, _("The draw is running; reload this page in a minute."))
    return redirect("console:ballot", ballot_id=ballot.pk)


@login_required
@require_GET
def ballot_log(request: HttpRequest, ballot_id: int, fmt: str) -> HttpResponse:
    """The draw's log: every input and line, entries by their public reference only."""
    ballot = _ballot_or_404(request, ballot_id)
    if ballot.log is None or fmt not in ("csv", "json"):
        raise Http404
    filename = f"tirage-{ballot.pk}"
    if fmt == "json":
        response = HttpResponse(
            json.dumps(ballot.log, indent=1), content_type="application/json; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
        return response
    header = ["position", "reference", "party_size", "priority"]
    header += [f"choice_{rank}" for rank in range(1, ballot.max_choices + 1)]
    header += ["slot_won", "rank_won"]
    lines = []
    for line in ballot.log["lines"]:
        choices = line["choices"] + [""] * (ballot.max_choices - len(line["choices"]))
        lines.append(
            [line["position"], line["reference"], line["party_size"], line["priority"]]
            + choices
            + [line["slot"] or "", line["rank"] or ""]
        )
    return spreadsheets.download(header, lines, "csv", filename)
