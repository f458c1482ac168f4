"""Bulk loading: rows written at once, counters set from the rows afterwards."""

from datetime import timedelta

from django.utils import timezone

from usines.bookings.bulk import (
    date_bookings,
    delete_slot_bookings,
    load_bookings,
    load_waitlist,
    recount_slots,
)
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import Contact, book_visit, cancel_booking, join_waitlist
from usines.factories.models import Slot


def row(slot, size: int, **fields) -> dict:
    return {
        "slot_id": slot.pk,
        "party_size": size,
        "name": "Famille test",
        "email": "famille@example.org",
        "consent_at": timezone.now(),
        **fields,
    }


def counters(slot) -> tuple[int, int]:
    slot.refresh_from_db()
    return slot.booked, slot.held


def offered_slot(slot) -> Slot:
    """A full slot with 3 places held for a waiting-list offer: booked 9, held 3."""
    for size in (4, 4, 2):
        book_visit(slot.pk, size, Contact(name="Booker", email="b@example.org", postcode=""))
    join_waitlist(slot.pk, 3, Contact(name="Family", email="f@example.org", postcode=""))
    cancel_booking(Booking.objects.filter(party_size=4).first().token)
    return slot


def test_loaded_bookings_count_once_the_slots_are_recounted(slot):
    made = load_bookings(
        [row(slot, 3), row(slot, 2), row(slot, 4, status=BookingStatus.CANCELLED)], batch_size=2
    )
    assert made == 3
    assert counters(slot) == (0, 0)  # the load leaves counters alone

    recount_slots([slot.pk])

    assert counters(slot) == (5, 0)  # confirmed places only
    assert len({booking.token for booking in Booking.objects.all()}) == 3


def test_a_recount_agrees_with_what_the_services_counted(slot):
    offered_slot(slot)
    assert counters(slot) == (9, 3)

    recount_slots([slot.pk])

    assert counters(slot) == (9, 3)


def test_loaded_waiting_list_entries_wait(slot):
    assert load_waitlist([row(slot, 2), row(slot, 1)]) == 2
    assert set(WaitlistEntry.objects.values_list("status", flat=True)) == {WaitlistStatus.WAITING}


def test_bookings_are_dated_by_bands_of_ids(slot):
    load_bookings([row(slot, 1) for _ in range(4)])
    opened = slot.day.bookings_open_at

    date_bookings(
        slot.day.edition, lambda day, share: day.bookings_open_at + timedelta(share), steps=2
    )

    dates = list(Booking.objects.order_by("pk").values_list("created_at", flat=True))
    assert dates == [opened] * 2 + [opened + timedelta(days=0.5)] * 2


def test_deleting_a_slots_bookings_clears_its_counters(slot):
    offered_slot(slot)
    load_bookings([row(slot, 1) for _ in range(5)])  # more ids than one batch

    delete_slot_bookings(Slot.objects.filter(pk=slot.pk), batch_size=2)

    assert not Booking.objects.exists()
    assert not WaitlistEntry.objects.exists()
    assert counters(slot) == (0, 0)
