"""The edition's phases open and close each audience's bookings, on top of each day's
own booking window; the closing phase ends them all."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import override

from usines.bookings.exceptions import BookingClosed
from usines.bookings.models import Booking
from usines.bookings.services import Contact, book_visit, change_party_size
from usines.editions import services as editions
from usines.editions.models import PhaseKind
from usines.schools.services import book_class
from usines.testsupport import SlotFactory, class_details

ALICE = Contact(name="Alice Martin", email="alice@example.org", postcode="74300")
pytestmark = pytest.mark.django_db


def set_phase(edition, kind: str, first_day: int | None, last_day: int | None = None) -> None:
    """The phase from `first_day` to `last_day` days from today (None: no such phase)."""
    today = timezone.localdate()
    period = None
    if first_day is not None:
        period = (today + timedelta(days=first_day), today + timedelta(days=last_day))
    editions.set_phases(edition, {kind: period})


def test_public_bookings_wait_for_their_phase_and_say_when_it_opens(slot):
    set_phase(slot.day.edition, PhaseKind.PUBLIC_BOOKINGS, 3, 20)

    with override("en"), pytest.raises(BookingClosed) as error:
        book_visit(slot.pk, 2, ALICE)

    opens = timezone.localdate() + timedelta(days=3)
    assert str(error.value.message) == f"Bookings for this day open on {opens:%d/%m/%Y} 00:00."
    assert not Booking.objects.exists()


def test_public_bookings_close_after_their_phase_even_within_the_day_window(slot):
    set_phase(slot.day.edition, PhaseKind.PUBLIC_BOOKINGS, -10, -1)

    with pytest.raises(BookingClosed) as error:
        book_visit(slot.pk, 2, ALICE)

    with override("en"):
        assert str(error.value.message) == "Bookings for this day are closed."


def test_public_bookings_are_closed_without_a_public_bookings_phase(slot):
    set_phase(slot.day.edition, PhaseKind.PUBLIC_BOOKINGS, None)

    with pytest.raises(BookingClosed):
        book_visit(slot.pk, 2, ALICE)


def test_public_bookings_open_during_their_phase(slot):
    set_phase(slot.day.edition, PhaseKind.PUBLIC_BOOKINGS, 0, 0)

    assert book_visit(slot.pk, 2, ALICE).created


def test_the_school_phase_opens_class_bookings_and_not_public_ones(school_slot, teacher):
    edition = school_slot.day.edition
    public_slot = SlotFactory(
        day__edition=edition, day__date=school_slot.day.date + timedelta(days=1)
    )
    set_phase(edition, PhaseKind.PUBLIC_BOOKINGS, 5, 20)
    set_phase(edition, PhaseKind.SCHOOL_BOOKINGS, -5, 5)

    assert book_class(school_slot.pk, teacher, class_details()).created
    with pytest.raises(BookingClosed):
        book_visit(public_slot.pk, 2, ALICE)


def test_class_bookings_are_refused_outside_the_school_phase(school_slot, teacher):
    set_phase(school_slot.day.edition, PhaseKind.SCHOOL_BOOKINGS, -30, -2)

    with pytest.raises(BookingClosed):
        book_class(school_slot.pk, teacher, class_details())
    assert not Booking.objects.exists()


def test_the_closing_phase_ends_bookings_whatever_the_other_phases_say(slot, school_slot, teacher):
    set_phase(slot.day.edition, PhaseKind.CLOSING, 0, 30)
    set_phase(school_slot.day.edition, PhaseKind.CLOSING, -1, 30)

    with pytest.raises(BookingClosed):
        book_visit(slot.pk, 2, ALICE)
    with pytest.raises(BookingClosed):
        book_class(school_slot.pk, teacher, class_details())


def test_more_places_wait_for_the_phase_but_fewer_are_always_given_back(slot):
    booking = book_visit(slot.pk, 3, ALICE).booking
    set_phase(slot.day.edition, PhaseKind.PUBLIC_BOOKINGS, -10, -1)

    with pytest.raises(BookingClosed):
        change_party_size(booking.token, 4)
    assert change_party_size(booking.token, 1).party_size == 1


def test_a_phase_saved_in_this_process_applies_at_once(slot):
    book_visit(slot.pk, 1, ALICE)  # the process now remembers the slot and its calendar
    set_phase(slot.day.edition, PhaseKind.PUBLIC_BOOKINGS, -10, -1)

    with pytest.raises(BookingClosed):
        book_visit(slot.pk, 1, ALICE)


def test_the_phases_are_read_once_per_edition_not_once_per_booking(slot):
    other = SlotFactory(day=slot.day)
    book_visit(slot.pk, 1, ALICE)

    with CaptureQueriesContext(connection) as queries:
        book_visit(other.pk, 1, ALICE)

    assert not [query for query in queries if "editions_phase" in query["sql"]]
