import pytest

from usines.bookings.exceptions import BookingNotActive, PartySizeOutOfBounds, SlotFull
from usines.bookings.models import BookingStatus
from usines.bookings.services import Contact, book_visit, cancel_booking, change_party_size

ALICE = Contact(name="Alice Martin", email="alice@example.org", postcode="74300")


def test_cancelling_gives_the_places_back_at_once(slot):
    booking = book_visit(slot.pk, 4, ALICE).booking

    cancelled = cancel_booking(booking.token)

    slot.refresh_from_db()
    assert cancelled.status == BookingStatus.CANCELLED
    assert slot.booked == 0


def test_cancelling_twice_changes_nothing_the_second_time(slot):
    booking = book_visit(slot.pk, 4, ALICE).booking
    book_visit(slot.pk, 2, ALICE)
    cancel_booking(booking.token)

    with pytest.raises(BookingNotActive):
        cancel_booking(booking.token)

    slot.refresh_from_db()
    assert slot.booked == 2


def test_more_places_are_taken_only_if_left(slot):
    booking = book_visit(slot.pk, 2, ALICE).booking
    book_visit(slot.pk, 6, ALICE)

    change_party_size(booking.token, 4)
    with pytest.raises(SlotFull):
        change_party_size(booking.token, 5)

    slot.refresh_from_db()
    booking.refresh_from_db()
    assert booking.party_size == 4
    assert slot.booked == 10


def test_fewer_places_free_the_difference(slot):
    booking = book_visit(slot.pk, 5, ALICE).booking

    change_party_size(booking.token, 2)

    slot.refresh_from_db()
    assert slot.booked == 2


def test_the_new_party_size_is_bounded(slot):
    booking = book_visit(slot.pk, 2, ALICE).booking

    with pytest.raises(PartySizeOutOfBounds):
        change_party_size(booking.token, 7)


def test_a_cancelled_booking_cannot_be_changed(slot):
    booking = book_visit(slot.pk, 2, ALICE).booking
    cancel_booking(booking.token)

    with pytest.raises(BookingNotActive):
        change_party_size(booking.token, 3)
