"""What a ballot's draw writes: a booking for each winner, a waiting-list entry for
each loser. The draw itself (ballots/draw.py) decides who gets what; this module
only writes it, through the same capacity counter and booking record as every other
booking, so a draw can never oversell a slot either.

A ballot is drawn before its slots are open to booking, so the booking window is not
checked here: the ballot's own window replaced it. The slot must still be offered.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from usines.bookings import capacity, records, tasks
from usines.bookings.exceptions import SlotFull
from usines.bookings.models import Booking, new_token
from usines.bookings.services import Contact, WaitlistResult, save_waitlist_entry
from usines.factories.models import Slot


def _contact_fields(contact: Contact, consent_at: datetime) -> dict:
    # The entrant agreed to how its data is used when it entered the ballot.
    return {
        "name": contact.name,
        "email": contact.email,
        "postcode": contact.postcode,
        "language": contact.language,
        "consent_at": consent_at,
    }


def book_winner(slot_id: int, party_size: int, contact: Contact, consent_at: datetime) -> Booking:
    """Book a winner's places on the slot the draw gave it, with its confirmation
    e-mail (the ticket), in one transaction. Raises SlotFull when the places are no
    longer there (the slot was cancelled or its capacity lowered since the draw read
    it); nothing is written then."""
    booking = Booking(slot_id=slot_id, party_size=party_size, token=new_token())
    with transaction.atomic():
        records.enqueue(tasks.send_booking_confirmed, booking.token)
        if not capacity.take_places(slot_id, party_size):
            raise SlotFull()
        for name, value in _contact_fields(contact, consent_at).items():
            setattr(booking, name, value)
        records.insert_booking(booking, None)
    return booking


def wait_for(
    slot_id: int, party_size: int, contact: Contact, consent_at: datetime
) -> WaitlistResult:
    """Put a loser on one of its choices' waiting list, after those who came before
    it in the draw (call in draw order). Never refused for places free: whoever was
    before it in the draw had the right to them first."""
    now = timezone.now()
    slot = Slot.objects.get(pk=slot_id)
    return save_waitlist_entry(
        slot,
        party_size,
        None,
        lambda: _contact_fields(contact, consent_at),
        now,
        blocked=lambda _slot: True,
    )
