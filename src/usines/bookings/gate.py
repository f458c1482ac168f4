"""The released places at the gate: who takes them, and what the host's page shows.

Places released on the day (release.py) are taken in two ways, each one
transaction under the slot's lock, so that a late visitor's check-in (which takes
its places again with the same conditional write, capacity.take_places) and the
taking never both win:

- a short-notice entry offered them arrives: the host lets the party in
  (`admit_offered`), its held places become a booking checked in at once;
- the host lets in people queueing at the gate (`admit_walk_ins`): a walk-in record
  tied to the slot, whose places count in the slot's counter of places taken.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.bookings import capacity
from usines.bookings.checkin import is_visit_day, not_the_visit_day, walk_in_categories
from usines.bookings.exceptions import OfferNotOpen, SlotFull
from usines.bookings.models import (
    Booking,
    BookingStatus,
    WaitlistEntry,
    WaitlistStatus,
    WalkIn,
    release_time,
)
from usines.editions.models import EditionDay
from usines.factories.models import Participation, Slot


def admit_offered(
    participation: Participation, entry_id: int, user: User | None, now: datetime | None = None
) -> Booking:
    """Let in a short-notice party offered released places, before its minutes run out:
    its held places become a confirmed booking, checked in now.

    Raises OfferNotOpen when the entry is not this site's, was never offered places,
    was let in already or its time is up."""
    now = now or timezone.now()
    entry = (
        WaitlistEntry.objects.filter(pk=entry_id, slot__visit__participation=participation)
        .select_related("slot")
        .first()
    )
    if entry is None:
        raise OfferNotOpen()
    with transaction.atomic():
        capacity.lock_slot(entry.slot_id)
        taken = WaitlistEntry.objects.filter(
            pk=entry.pk, status=WaitlistStatus.OFFERED, offer_expires_at__gt=now
        ).update(status=WaitlistStatus.ACCEPTED)
        if not taken:
            raise OfferNotOpen(_("This offer is no longer open: its time is up or it was used."))
        capacity.confirm_held_places(entry.slot_id, entry.party_size)
        booking = Booking.objects.create(
            slot_id=entry.slot_id,
            party_size=entry.party_size,
            name=entry.name,
            email=entry.email,
            postcode=entry.postcode,
            language=entry.language,
            consent_at=entry.consent_at,
            checked_in_at=now,
            checked_in_by=user,
        )
        WaitlistEntry.objects.filter(pk=entry.pk).update(booking=booking)
    return booking


def admit_walk_ins(
    participation: Participation,
    slot: Slot,
    category: str,
    count: int,
    client_key: str,
    user: User | None,
    *,
    force: bool = False,
) -> WalkIn:
    """Let `count` people queueing at the gate take free places of a started slot
    (released ones, those of an expired offer): a walk-in record counted in the slot's
    places. The same `client_key` is stored once.

    Raises ValueError for a category the day does not have or a count outside 1–500,
    NotTheVisitDay on another date unless `force`, SlotFull when fewer places are
    free."""
    if slot.visit.participation_id != participation.pk:
        raise ValueError(slot.pk)
    if category not in walk_in_categories(slot.day) or not 1 <= count <= 500:
        raise ValueError(category)
    existing = WalkIn.objects.filter(client_key=client_key).first()
    if existing is not None:
        return existing
    if not force and not is_visit_day(slot.day):
        raise not_the_visit_day(slot.day)
    try:
        with transaction.atomic():
            if not capacity.take_places(slot.pk, count):
                raise SlotFull(
                    _("Only %(free)s places are free on this slot.")
                    % {"free": Slot.objects.get(pk=slot.pk).available}
                )
            return WalkIn.objects.create(
                participation=participation,
                day=slot.day,
                slot=slot,
                category=category,
                count=count,
                client_key=client_key,
                recorded_by=user,
            )
    except IntegrityError:
        return WalkIn.objects.get(client_key=client_key)


@dataclass
class SlotAtGate:
    """One slot of the day as the host's page shows its released places."""

    slot: Slot
    release_at: datetime | None
    released_places: int = 0
    walk_in_places: int = 0
    offers: list[WaitlistEntry] = field(default_factory=list)
    waiting: list[WaitlistEntry] = field(default_factory=list)

    @property
    def can_release(self) -> bool:
        moment = self.release_at or self.slot.starts_at
        return timezone.now() >= moment

    @property
    def free(self) -> int:
        return self.slot.available

    @property
    def minutes(self) -> int | None:
        if self.release_at is None:
            return None
        return int((self.release_at - self.slot.starts_at).total_seconds() // 60)


def gate_slots(participation: Participation, day: EditionDay) -> list[SlotAtGate]:
    """The site's slots of the day with their release time, places released, walk-ins
    on them, open short-notice offers and the short-notice queue: five queries."""
    slots = list(
        Slot.objects.filter(visit__participation=participation, day=day, is_cancelled=False)
        .select_related("day__edition", "release_rule")
        .order_by("starts_at")
    )
    released = dict(
        Booking.objects.filter(slot__in=slots, status=BookingStatus.RELEASED)
        .order_by()
        .values_list("slot_id")
        .annotate(total=Sum("party_size"))
    )
    walked_in = dict(
        WalkIn.objects.filter(slot__in=slots)
        .order_by()
        .values_list("slot_id")
        .annotate(total=Sum("count"))
    )
    entries = WaitlistEntry.objects.filter(
        slot__in=slots,
        short_notice=True,
        status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED],
    ).order_by("created_at", "id")
    rows = {
        slot.pk: SlotAtGate(
            slot,
            release_time(slot),
            released.get(slot.pk, 0),
            walked_in.get(slot.pk, 0),
        )
        for slot in slots
    }
    for entry in entries:
        row = rows[entry.slot_id]
        (row.offers if entry.status == WaitlistStatus.OFFERED else row.waiting).append(entry)
    return list(rows.values())
