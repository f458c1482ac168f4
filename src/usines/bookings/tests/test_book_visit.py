from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings.exceptions import BookingClosed, PartySizeOutOfBounds, SlotFull, WrongAudience
from usines.bookings.models import Booking
from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience
from usines.factories.models import ParticipationStatus
from usines.testsupport import SlotFactory

ALICE = Contact(name="Alice Martin", email="alice@example.org", postcode="74300")


def test_booking_takes_places_and_gives_a_ticket(slot):
    result = book_visit(slot.pk, 3, ALICE)

    slot.refresh_from_db()
    assert result.created
    assert slot.booked == 3
    assert slot.available == 7
    assert len(result.booking.checkin_code) == 10
    assert len(result.booking.token) >= 32


def test_booking_more_places_than_left_is_refused_and_writes_nothing(slot):
    book_visit(slot.pk, 6, ALICE)
    book_visit(slot.pk, 3, ALICE)

    with pytest.raises(SlotFull):
        book_visit(slot.pk, 2, ALICE)

    slot.refresh_from_db()
    assert slot.booked == 9
    assert Booking.objects.count() == 2


@pytest.mark.parametrize("party_size", [0, -1, 7])
def test_party_size_is_bounded_by_the_edition(slot, party_size):
    with pytest.raises(PartySizeOutOfBounds):
        book_visit(slot.pk, party_size, ALICE)
    assert not Booking.objects.exists()


def test_booking_before_the_window_opens_is_refused_with_the_opening_date(db):
    slot = SlotFactory(day__bookings_open_at=timezone.now() + timedelta(days=2))

    with pytest.raises(BookingClosed) as error:
        book_visit(slot.pk, 1, ALICE)

    assert "open" in str(error.value.message) or "ouvrent" in str(error.value.message)
    slot.refresh_from_db()
    assert slot.booked == 0


def test_booking_after_the_window_closes_is_refused(db):
    slot = SlotFactory(day__bookings_close_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(BookingClosed):
        book_visit(slot.pk, 1, ALICE)


def test_an_unpublished_site_cannot_be_booked(db):
    slot = SlotFactory(visit__participation__status=ParticipationStatus.SUBMITTED)

    with pytest.raises(BookingClosed):
        book_visit(slot.pk, 1, ALICE)


def test_the_public_cannot_book_a_school_day_slot(db):
    slot = SlotFactory(day__audience=Audience.SCHOOL)

    with pytest.raises(WrongAudience):
        book_visit(slot.pk, 2, ALICE)


def test_the_same_idempotency_key_returns_the_first_booking(slot):
    first = book_visit(slot.pk, 2, ALICE, idempotency_key="double-click-0001")
    again = book_visit(slot.pk, 2, ALICE, idempotency_key="double-click-0001")

    slot.refresh_from_db()
    assert again.booking.pk == first.booking.pk
    assert not again.created
    assert slot.booked == 2
    assert Booking.objects.count() == 1


def test_booking_queues_a_confirmation_email_with_ticket_and_calendar(slot, deliver_emails):
    with deliver_emails.capture():
        booking = book_visit(slot.pk, 2, ALICE).booking

    outbox = deliver_emails()

    assert len(outbox) == 1
    message = outbox[0]
    assert message.to == ["alice@example.org"]
    assert booking.checkin_code in message.body
    assert booking.token in message.body
    names = [attachment[0] for attachment in message.attachments]
    assert "visite.ics" in names
    assert f"billet-{booking.checkin_code}.png" in names
    assert "text/html" in message.alternatives[0][1]


def test_the_email_is_written_in_the_bookers_language(slot, deliver_emails):
    with deliver_emails.capture():
        book_visit(slot.pk, 1, Contact("Bob", "bob@example.org", "74300", language="en"))

    outbox = deliver_emails()

    assert "is booked" in outbox[0].subject
