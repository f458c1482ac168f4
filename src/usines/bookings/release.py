"""Empty places on the day: the places of visitors not checked in by their slot's
release time go to those who can still come.

A host sets a slot's release time in minutes after its start (`SlotRelease`), else
the edition's (`Edition.release_after_minutes`), else the slot is never released. At
that time (the periodic job `release_due_places`, or the host's button) each booking
neither checked in nor a class's becomes RELEASED and its places go back to the slot
through `capacity.release_places`, in one transaction under the slot's lock. The
freed places are offered at once to the waiting list's short-notice entries, each
held for `Edition.short_notice_minutes` (gate.py lets them in); the host may also let
walk-ins take them (gate.py).

Releasing is reversible until someone else takes the places: a released visitor who
arrives is checked in by `reclaim`, which takes the places again with the booking
path's conditional UPDATE, so it succeeds only while they are free. A booking is
released by one conditional UPDATE (`status = confirmed AND checked_in_at IS NULL`)
and checked in by another (`status = confirmed`, checkin.py): whichever commits first
wins, and the other sees the row as it is then.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from usines.accounts.models import User
from usines.bookings import capacity, services
from usines.bookings.exceptions import NotReleasable
from usines.bookings.models import (
    Booking,
    BookingStatus,
    SlotRelease,
    WaitlistEntry,
    WaitlistStatus,
    release_time,
)
from usines.factories.models import Slot


def set_release_minutes(slot: Slot, minutes: int | None) -> SlotRelease:
    """A host's release time for one slot (None: never released)."""
    rule, _ = SlotRelease.objects.update_or_create(slot=slot, defaults={"minutes": minutes})
    slot.release_rule = rule
    return rule


def unclaimed():
    """The bookings a release would free: confirmed, not checked in, not a class's
    (a class comes by coach: its places are no one else's to take)."""
    return Booking.objects.filter(
        status=BookingStatus.CONFIRMED, checked_in_at__isnull=True, class_group__isnull=True
    )


def release_bookings(slot_id: int, booking_ids, now: datetime, **conditions) -> int:
    """Mark these bookings RELEASED, each only if still confirmed and not checked in
    (and `conditions`), and give their places back; the places released. Runs inside
    the caller's transaction, after the slot's lock."""
    places = 0
    for booking_id, party_size in booking_ids:
        places += party_size * Booking.objects.filter(
            pk=booking_id,
            status=BookingStatus.CONFIRMED,
            checked_in_at__isnull=True,
            **conditions,
        ).update(
            status=BookingStatus.RELEASED,
            released_at=now,
            calendar_sequence=F("calendar_sequence") + 1,
        )
    if places:
        capacity.release_places(slot_id, places)
    return places


@dataclass(frozen=True)
class Release:
    places: int
    offered: list[WaitlistEntry]


def release_no_shows(slot: Slot, now: datetime | None = None, *, by_host: bool = False) -> Release:
    """Release the slot's unclaimed places and offer them to the short-notice entries.

    Due at the slot's release time; a host (`by_host`) may also release a slot that
    has no release time once it has started. Raises NotReleasable before then.
    Releasing twice frees nothing more."""
    now = now or timezone.now()
    due = release_time(slot)
    if due is None and by_host:
        due = slot.starts_at
    if due is None or now < due:
        raise NotReleasable()
    with transaction.atomic():
        capacity.lock_slot(slot.pk)
        places = release_bookings(
            slot.pk,
            unclaimed().filter(slot=slot).values_list("pk", "party_size").order_by("pk"),
            now,
        )
        offered = offer_released_places(slot, now)
    return Release(places, offered)


def offer_released_places(slot: Slot, now: datetime) -> list[WaitlistEntry]:
    """Offer the started slot's free places to its short-notice entries in order, each
    held until it reaches the gate or its minutes run out. Runs after the slot's lock."""
    current = Slot.objects.get(pk=slot.pk)
    free = current.available
    if current.is_cancelled or free <= 0:
        return []
    expires_at = now + timedelta(minutes=slot.day.edition.short_notice_minutes)
    waiting = WaitlistEntry.objects.filter(
        slot_id=slot.pk,
        status=WaitlistStatus.WAITING,
        short_notice=True,
        class_group__isnull=True,
        party_size__lte=free,
    ).order_by("created_at", "id")
    offered = []
    for entry in waiting:
        if entry.party_size > free or not capacity.hold_places(slot.pk, entry.party_size):
            continue
        WaitlistEntry.objects.filter(pk=entry.pk, status=WaitlistStatus.WAITING).update(
            status=WaitlistStatus.OFFERED, offered_at=now, offer_expires_at=expires_at
        )
        services.expire_waitlist_offer.using(run_after=expires_at).enqueue(entry.pk)
        free -= entry.party_size
        offered.append(entry)
        if free == 0:
            break
    return offered


def reclaim(booking: Booking, user: User | None, now: datetime) -> bool | None:
    """Check in a released booking whose visitor came after all, if its places are
    still free: True when checked in, False when they were taken, None when the
    booking is no longer released (checked in or changed meanwhile)."""
    with transaction.atomic():
        if not capacity.take_places(booking.slot_id, booking.party_size):
            return False
        back = Booking.objects.filter(pk=booking.pk, status=BookingStatus.RELEASED).update(
            status=BookingStatus.CONFIRMED,
            released_at=None,
            checked_in_at=now,
            checked_in_by=user,
            calendar_sequence=F("calendar_sequence") + 1,
        )
        if not back:
            transaction.set_rollback(True)
            return None
    return True


def _under_way(now: datetime):
    """Today's slots started and not yet over: the only ones the job looks at."""
    return Slot.objects.filter(
        day__date=timezone.localdate(now), starts_at__lte=now, ends_at__gt=now, is_cancelled=False
    ).select_related("day__edition", "release_rule")


def release_due_places(now: datetime | None = None) -> int:
    """The periodic job: on the slots under way, expire the short-notice offers past
    their minutes, release the unclaimed places past the release time, and offer free
    places to the short-notice entries. Returns the places released."""
    now = now or timezone.now()
    slots = list(_under_way(now))
    if not slots:
        return 0
    due_offers = WaitlistEntry.objects.filter(
        slot__in=slots, status=WaitlistStatus.OFFERED, offer_expires_at__lte=now
    ).values_list("pk", flat=True)
    for entry_id in list(due_offers):
        services.expire_offer(entry_id, now)
    released = 0
    with_no_shows = set(
        unclaimed().filter(slot__in=slots).values_list("slot_id", flat=True).order_by()
    )
    for slot in slots:
        due = release_time(slot)
        if slot.pk in with_no_shows and due is not None and now >= due:
            released += release_no_shows(slot, now).places
    waiting = set(
        WaitlistEntry.objects.filter(
            slot__in=slots, status=WaitlistStatus.WAITING, short_notice=True
        ).values_list("slot_id", flat=True)
    )
    for slot in slots:
        if slot.pk in waiting:
            with transaction.atomic():
                capacity.lock_slot(slot.pk)
                offer_released_places(slot, now)
    return released
