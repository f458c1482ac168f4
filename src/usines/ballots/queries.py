"""What the pages read about ballots: the slots a ballot covers and whether a slot is
entered rather than booked."""

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from usines.ballots import recent
from usines.ballots.models import Ballot, BallotStatus
from usines.bookings.recent import look_elsewhere
from usines.factories.models import ParticipationStatus, Slot


def ballot_slots(ballot: Ballot) -> QuerySet[Slot]:
    """The slots one may choose in a ballot: offered, of its visit or of its audience
    in its edition, soonest first."""
    slots = Slot.objects.filter(
        is_cancelled=False,
        visit__participation__status=ParticipationStatus.PUBLISHED,
        day__edition_id=ballot.edition_id,
        audience=ballot.audience,
    )
    if ballot.visit_id:
        slots = slots.filter(visit_id=ballot.visit_id)
    return slots.select_related("day", "visit__participation__site").order_by(
        "visit__participation__site__name", "starts_at", "pk"
    )


def pending_ballot_id(slot: Slot) -> int | None:
    """The id of `ballot_for_slot(slot)`, as this process remembers it (recent.py)."""
    look_elsewhere()
    key = (slot.day.edition_id, slot.visit_id, slot.audience)
    if key not in recent.pending:
        ballot = ballot_for_slot(slot)
        recent.pending[key] = ballot.pk if ballot else None
    return recent.pending[key]


def pending_ballot(edition_id: int, visit_id: int, audience: str) -> Ballot | None:
    """The ballot, not drawn yet, that a visit's slots of an audience are entered
    through instead of booked (the visit's own ballot first, then its audience's
    ballot of the edition)."""
    candidates = Ballot.objects.filter(
        Q(visit_id=visit_id) | Q(visit__isnull=True, audience=audience),
        edition_id=edition_id,
    ).exclude(status=BallotStatus.DRAWN)
    return candidates.order_by(F("visit").asc(nulls_last=True), "closes_at").first()


def ballot_for_slot(slot: Slot) -> Ballot | None:
    return pending_ballot(slot.day.edition_id, slot.visit_id, slot.audience)


def is_taking_entries(ballot: Ballot) -> bool:
    now = timezone.now()
    return ballot.status == BallotStatus.OPEN and ballot.opens_at <= now < ballot.closes_at
