"""A host's changes to a whole slot, or to every slot of a visit, that touch its
bookings: a new capacity, a cancellation, a withdrawal, a message to the bookers.

Each write is one transaction that takes the slot's places through capacity.py,
so a booking arriving at the same moment either fits or is refused.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.bookings import capacity, tasks
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import offer_freed_places
from usines.factories import services as hosting
from usines.factories.exceptions import CapacityBelowBooked, InvalidSlots, MessageRequired
from usines.factories.models import Participation, Slot


@transaction.atomic
def change_capacity(slot: Slot, new_capacity: int) -> Slot:
    """Raise or lower a slot's capacity, never below the places already taken.

    The check and the change are one conditional UPDATE, so a booking arriving at
    the same moment either fits under the new capacity or is refused. Places added
    go first to the waiting list. Raises InvalidSlots or CapacityBelowBooked.
    """
    if new_capacity < 1:
        raise InvalidSlots(_("A slot needs at least one place; cancel it instead."))
    if not capacity.set_capacity(slot.pk, new_capacity):
        slot.refresh_from_db()
        raise CapacityBelowBooked(slot.booked)
    offer_freed_places(slot.pk, timezone.now())
    slot.refresh_from_db()
    return slot


def _cancel_slot(slot: Slot, message: str) -> list[int]:
    """Cancel the slot, its bookings and its waiting list; each of them is told."""
    if not capacity.cancel_slot_places(slot.pk):
        return []
    now = timezone.now()
    bookings = list(
        Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    Booking.objects.filter(pk__in=bookings).update(
        status=BookingStatus.CANCELLED,
        cancelled_at=now,
        calendar_sequence=F("calendar_sequence") + 1,
    )
    entries = list(
        WaitlistEntry.objects.filter(
            slot=slot, status__in=(WaitlistStatus.WAITING, WaitlistStatus.OFFERED)
        ).values_list("pk", flat=True)
    )
    WaitlistEntry.objects.filter(pk__in=entries).update(status=WaitlistStatus.CANCELLED)
    for booking_id in bookings:
        tasks.send_slot_cancelled.enqueue(booking_id, message)
    for entry_id in entries:
        tasks.send_waitlist_slot_cancelled.enqueue(entry_id, message)
    return bookings


def _required(message: str) -> str:
    if not message.strip():
        raise MessageRequired(_("Write a message: your visitors will read it."))
    return message.strip()


@transaction.atomic
def cancel_slot(slot: Slot, message: str) -> int:
    """Cancel a slot and every booking on it; each booker gets the host's message.
    Returns the number of bookings cancelled; raises MessageRequired."""
    return len(_cancel_slot(slot, _required(message)))


@transaction.atomic
def withdraw_participation(participation: Participation, user: User, message: str) -> Participation:
    """The host withdraws: the participation is withdrawn, every open slot is
    cancelled and its visitors told why, all or nothing. Raises MessageRequired or
    InvalidTransition."""
    message = _required(message)
    hosting.record_withdrawal(participation, user, message)
    for slot in participation.visit.slots.filter(is_cancelled=False):
        _cancel_slot(slot, message)
    return participation


def message_bookers(slots: list[Slot], subject: str, body: str) -> int:
    """Send a host's message to every confirmed booking of these slots."""
    if not subject.strip() or not body.strip():
        raise MessageRequired(_("Write a subject and a message."))
    bookings = list(
        Booking.objects.filter(slot__in=slots, status=BookingStatus.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    subject, body = subject.strip(), body.strip()
    for booking_id in bookings:
        tasks.send_host_message.enqueue(booking_id, subject, body)
    return len(bookings)
