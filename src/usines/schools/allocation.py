"""What a ballot's draw writes for a class: its booking on the slot it won, or its
place on the waiting lists of its choices. Through the same writes as `book_class`
(the class group, the capacity counter, the booking record), so a drawn class can
never oversell a slot nor pass the host's number of classes per slot either.

A ballot is drawn before its slots are open to booking: the day's booking window is
not checked here, the ballot's own window replaced it.
"""

from datetime import datetime

from django.utils import timezone

from usines.accounts.models import User
from usines.bookings.models import Booking
from usines.bookings.rules import bookable_slot, class_cap_reached
from usines.bookings.services import WaitlistResult, save_booking, save_waitlist_entry
from usines.factories.models import Slot
from usines.schools.exceptions import ClassesFull
from usines.schools.models import School
from usines.schools.services import ClassDetails, _class_fields, _group


def book_drawn_class(
    slot_id: int, teacher: User, school: School, details: ClassDetails, consent_at: datetime
) -> Booking:
    """Book the slot a class won, with its confirmation e-mail. Raises SlotFull or
    ClassesFull when it no longer fits (nothing is written then)."""
    slot = bookable_slot(slot_id)

    def refuse(slot: Slot) -> None:
        if class_cap_reached(slot):
            raise ClassesFull()

    def fields() -> dict:
        group = _group(school, teacher, details)
        return _class_fields(group, teacher, details, None, consent_at)

    return save_booking(slot, details.persons, None, fields, refuse).booking


def wait_drawn_class(
    slot_id: int, teacher: User, school: School, details: ClassDetails, consent_at: datetime
) -> WaitlistResult:
    """Put a class the draw gave nothing on one of its choices' waiting lists, after
    those drawn before it (call in draw order)."""
    slot = bookable_slot(slot_id)

    def fields() -> dict:
        group = _group(school, teacher, details)
        return _class_fields(group, teacher, details, None, consent_at)

    return save_waitlist_entry(
        slot, details.persons, None, fields, timezone.now(), blocked=lambda _slot: True
    )
