"""Running a ballot's draw: read its inputs, call the pure `draw`, write what it gave.

`start_draw` claims the ballot (OPEN → DRAWING, one conditional write, so two
organisers clicking at once draw once) once its entries are closed; `perform_draw`
does the work, at once for a small ballot or in the `draw_ballot` task for a big one.
The winners are booked and the losers put on the waiting lists of their choices by
`bookings.allocation`, in draw order, in one transaction with the entries' results
and the log: a draw is written whole or not at all.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from usines.ballots import tasks
from usines.ballots.draw import Entry, Place, Result, Rules, combined_seed, draw
from usines.ballots.exceptions import DrawNotAllowed
from usines.ballots.models import Ballot, BallotChoice, BallotEntry, BallotStatus
from usines.bookings.allocation import book_winner, wait_for
from usines.bookings.models import Booking, BookingStatus
from usines.bookings.services import Contact
from usines.errors import DomainError
from usines.factories.models import Slot
from usines.schools.allocation import book_drawn_class, wait_drawn_class
from usines.schools.services import ClassDetails

# Up to this many entries a draw runs within the organiser's request; beyond, in a task.
DRAW_AT_ONCE = 2000
BATCH = 900  # below SQLite's limit of parameters in one statement


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def start_draw(ballot: Ballot, public_value: str, actor=None, now: datetime | None = None) -> bool:
    """Claim a closed ballot for its draw with the organiser's public value; returns
    whether the draw ran at once (else the `draw_ballot` task runs it). Raises
    DrawNotAllowed before the close, or when the ballot is drawn or being drawn."""
    now = now or timezone.now()
    if now < ballot.closes_at:
        raise DrawNotAllowed(_("The entries are still open: draw after they close."))
    claimed = Ballot.objects.filter(pk=ballot.pk, status=BallotStatus.OPEN).update(
        status=BallotStatus.DRAWING, public_value=public_value.strip(), drawn_by=actor
    )
    if not claimed:
        raise DrawNotAllowed(_("This ballot is drawn or being drawn already."))
    if ballot.entries.count() <= DRAW_AT_ONCE:
        perform_draw(ballot.pk)
        return True
    draw_ballot.enqueue(ballot.pk)
    return False


@task()
def draw_ballot(ballot_id: int) -> None:
    perform_draw(ballot_id)


def _chunks(items: list, size: int = BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _held_windows(ballot: Ballot, emails: list[str]) -> dict[str, list[tuple[int, int]]]:
    """The time windows each address already holds by a booking of the edition."""
    held: dict[str, list[tuple[int, int]]] = {}
    for chunk in _chunks(emails):
        rows = Booking.objects.filter(
            email__in=chunk, status=BookingStatus.CONFIRMED, slot__day__edition_id=ballot.edition_id
        ).values_list("email", "slot__starts_at", "slot__ends_at")
        for email, starts_at, ends_at in rows:
            held.setdefault(email.lower(), []).append((epoch(starts_at), epoch(ends_at)))
    return held


def draw_inputs(ballot: Ballot) -> tuple[list[BallotEntry], list[Entry], list[Place]]:
    """The entries as rows and as the draw sees them, and the places of their choices."""
    rows = list(
        BallotEntry.objects.filter(ballot=ballot).select_related("school", "teacher").order_by("pk")
    )
    choices: dict[int, list[int]] = {}
    for entry_id, slot_id in (
        BallotChoice.objects.filter(entry__ballot=ballot)
        .order_by("entry_id", "rank")
        .values_list("entry_id", "slot_id")
    ):
        choices.setdefault(entry_id, []).append(slot_id)
    held = _held_windows(ballot, sorted({row.email for row in rows}))
    entries = [
        Entry(
            reference=row.reference,
            party_size=row.party_size,
            choices=tuple(choices.get(row.pk, ())),
            priority=row.first_time,
            held=tuple(held.get(row.email, ())),
        )
        for row in rows
    ]
    slot_ids = sorted({slot_id for ids in choices.values() for slot_id in ids})
    places = []
    for chunk in _chunks(slot_ids):
        for slot in Slot.objects.filter(pk__in=chunk, is_cancelled=False).order_by("pk"):
            places.append(
                Place(slot.pk, max(slot.available, 0), epoch(slot.starts_at), epoch(slot.ends_at))
            )
    return rows, entries, places


def log_of(
    ballot: Ballot, seed: str, rules: Rules, entries: list[Entry], places, result: Result
) -> dict:
    """The draw's log: every input and every line of the result, with no personal data
    (an entry is its public reference), so that anyone can re-run it."""
    held = {entry.reference: [list(window) for window in entry.held] for entry in entries}
    return {
        "ballot": ballot.pk,
        "rule": "random serial dictatorship; order = sha256(seed + ':' + reference)",
        "seed_commitment": ballot.seed_commitment,
        "seed_secret": ballot.seed_secret,
        "public_value": ballot.public_value,
        "seed": seed,
        "priority_first": rules.priority_first,
        "places": [
            {"slot": p.slot_id, "free": p.free, "starts_at": p.starts_at, "ends_at": p.ends_at}
            for p in places
        ],
        "lines": [
            {
                "position": line.position,
                "reference": line.reference,
                "party_size": line.party_size,
                "priority": line.priority,
                "held": held[line.reference],
                "choices": list(line.choices),
                "slot": line.slot_id,
                "rank": line.rank,
            }
            for line in result.lines
        ],
    }


def perform_draw(ballot_id: int) -> Ballot:
    """Draw a claimed ballot and write its result (see the module's docstring). A
    winner whose slot lost its places since the draw read them (cancelled meanwhile)
    is treated as not drawn."""
    ballot = Ballot.objects.select_related("edition").get(pk=ballot_id)
    if ballot.status != BallotStatus.DRAWING:
        return ballot
    rows, entries, places = draw_inputs(ballot)
    seed = combined_seed(ballot.seed_secret, ballot.public_value)
    rules = Rules(priority_first=ballot.priority_first_time)
    result = draw(entries, places, seed, rules)
    by_reference = {row.reference: row for row in rows}
    offered = {place.slot_id for place in places}
    with transaction.atomic():
        for line in result.lines:
            row = by_reference[line.reference]
            row.position, row.won_slot_id, row.won_rank = line.position, line.slot_id, line.rank
            if line.won:
                try:
                    with transaction.atomic():
                        row.booking = _book(row, line.slot_id)
                except DomainError:
                    row.won_slot_id, row.won_rank = None, None
            if row.won_slot_id is None:
                for slot_id in (slot_id for slot_id in line.choices if slot_id in offered):
                    _wait(row, slot_id)
                tasks.send_not_drawn.enqueue(row.pk)
        for chunk in _chunks(rows):
            BallotEntry.objects.bulk_update(chunk, ["position", "won_slot", "won_rank", "booking"])
        ballot.log = log_of(ballot, seed, rules, entries, places, result)
        ballot.status = BallotStatus.DRAWN
        ballot.drawn_at = timezone.now()
        ballot.save(update_fields=["log", "status", "drawn_at"])
    return ballot


def _book(row: BallotEntry, slot_id: int):
    """A winner's booking: a class's through the schools app, a party's through bookings."""
    if row.school_id:
        details = ClassDetails(**row.class_details)
        return book_drawn_class(slot_id, row.teacher, row.school, details, row.consent_at)
    contact = Contact(row.name, row.email, row.postcode, row.language)
    return book_winner(slot_id, row.party_size, contact, row.consent_at)


def _wait(row: BallotEntry, slot_id: int) -> None:
    if row.school_id:
        details = ClassDetails(**row.class_details)
        wait_drawn_class(slot_id, row.teacher, row.school, details, row.consent_at)
    else:
        contact = Contact(row.name, row.email, row.postcode, row.language)
        wait_for(slot_id, row.party_size, contact, row.consent_at)
