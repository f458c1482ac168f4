"""The public side of a ballot: entering it with ranked choices, and the entrant's page
(its secret link) to change or withdraw the entry until the close and, after the
draw, to see the result and the ticket won."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usines import limits, proof
from usines.ballots import services
from usines.ballots.exceptions import AlreadyEntered, BallotError
from usines.ballots.forms import ChoicesForm, EntryForm
from usines.ballots.models import Ballot, BallotEntry, BallotStatus
from usines.ballots.queries import ballot_slots, is_taking_entries
from usines.editions.models import Audience
from usines.limits import Limit

ENTRY_BY_ADDRESS = Limit("ballot-address", "30/m")
ENTRY_BY_EMAIL = Limit("ballot-email", "10/h", by_address=False)


def _chosen_slot(request: HttpRequest, ballot: Ballot) -> dict:
    """The slot a visitor came from (`?creneau=12`), as the first choice, if it is one."""
    text = request.GET.get("creneau", "")
    chosen = text.isascii() and text.isdigit() and len(text) < 12
    if chosen and ballot_slots(ballot).filter(pk=int(text)).exists():
        return {"choice_1": int(text)}
    return {}


@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, ballot_id: int) -> HttpResponse:
    """A ballot's page: what it covers, until when it takes entries, and the entry form."""
    ballot = get_object_or_404(
        Ballot.objects.select_related("edition", "visit__participation__site"), pk=ballot_id
    )
    open_now = is_taking_entries(ballot)
    form = None
    if open_now and ballot.audience == Audience.PUBLIC:
        if request.method == "POST":
            limits.check(request, ENTRY_BY_ADDRESS)
        form = EntryForm(request.POST or None, initial=_chosen_slot(request, ballot), ballot=ballot)
        if request.method == "POST" and proof.accepted(request, form, ENTRY_BY_ADDRESS):
            limits.check(request, ENTRY_BY_EMAIL, value=form.cleaned_data["email"])
            try:
                entry, created = services.enter_ballot(
                    ballot,
                    form.entrant(get_language()),
                    form.choices(),
                    form.cleaned_data["party_size"],
                    idempotency_key=form.cleaned_data["idempotency_key"] or None,
                )
            except AlreadyEntered as error:
                messages.info(request, error.message)
                return redirect("web:ballot", ballot_id=ballot.pk)
            except BallotError as error:
                form.add_error(None, error.message)
            else:
                if created:
                    messages.success(request, _("Your entry is received."))
                return redirect("web:ballot_entry", token=entry.token)
    elif request.method == "POST":
        messages.error(request, _("This ballot is not taking entries."))
    return render(
        request,
        "web/ballot.html",
        # A school-day ballot is entered by teachers, from their space.
        {
            "ballot": ballot,
            "form": form,
            "open_now": open_now,
            "for_classes": ballot.audience == Audience.SCHOOL,
            "upcoming": ballot.status == BallotStatus.OPEN and timezone.now() < ballot.opens_at,
            "drawn": ballot.status == BallotStatus.DRAWN,
            "proof": proof.challenge_for(request, ENTRY_BY_ADDRESS) if open_now else None,
        },
    )


def _entry_or_404(token: str) -> BallotEntry:
    return get_object_or_404(
        BallotEntry.objects.select_related(
            "ballot__edition",
            "won_slot__visit__participation__site__commune",
            "booking",
        ),
        token=token,
    )


@require_http_methods(["GET", "POST"])
def ballot_entry(request: HttpRequest, token: str) -> HttpResponse:
    """The entrant's page: its choices (changed here until the close), then its result."""
    entry = _entry_or_404(token)
    ballot = entry.ballot
    open_now = is_taking_entries(ballot)
    form = None
    if open_now and not entry.school_id:  # a class's places follow its pupils and adults
        initial = {"party_size": entry.party_size}
        for choice in entry.choices.all():
            initial[f"choice_{choice.rank}"] = choice.slot_id
        form = ChoicesForm(request.POST or None, initial=initial, ballot=ballot)
        if request.method == "POST" and form.is_valid():
            try:
                services.change_entry(token, form.choices(), form.cleaned_data["party_size"])
            except BallotError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Your entry is changed."))
                return redirect("web:ballot_entry", token=token)
    elif request.method == "POST":
        messages.error(request, _("This ballot is closed: the entry can no longer change."))
    choices = entry.choices.select_related("slot__visit__participation__site")
    return render(
        request,
        "web/ballot_entry.html",
        {
            "entry": entry,
            "ballot": ballot,
            "choices": choices,
            "form": form,
            "open_now": open_now,
            "drawn": ballot.status == BallotStatus.DRAWN and entry.position is not None,
        },
    )


@require_POST
def ballot_withdraw(request: HttpRequest, token: str) -> HttpResponse:
    entry = _entry_or_404(token)
    ballot_id = entry.ballot_id
    try:
        services.withdraw_entry(token)
    except BallotError as error:
        messages.error(request, error.message)
        return redirect("web:ballot_entry", token=token)
    messages.success(request, _("Your entry is withdrawn."))
    return redirect("web:ballot", ballot_id=ballot_id)
