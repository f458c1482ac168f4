"""Capacity invariants under real concurrency: separate OS processes, one database.

Each child process opens its own database connection (SQLite file in WAL mode or
PostgreSQL, whichever the suite runs on) and all of them start together at a barrier.
"""

import pytest

from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import (
    Contact,
    accept_offer,
    book_visit,
    cancel_booking,
    join_waitlist,
)
from usines.testsupport import SlotFactory, assert_counters_match_rows, in_processes

PROCESSES = 50


def _book_one(slot_id: int, n: int) -> None:
    book_visit(slot_id, 1, Contact(f"Visitor {n}", f"v{n}@example.org", "74300"))


@pytest.mark.django_db(transaction=True)
def test_fifty_processes_booking_ten_places_end_with_exactly_ten():
    slot = SlotFactory(capacity=10)

    outcomes = in_processes(_book_one, [(slot.pk, n) for n in range(PROCESSES)])

    assert outcomes.count("ok") == 10
    assert outcomes.count("slot_full") == PROCESSES - 10
    assert Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED).count() == 10
    assert_counters_match_rows(slot)
    assert slot.booked == 10


def _book_with_key(slot_id: int, key: str) -> None:
    book_visit(slot_id, 2, Contact("Double", "double@example.org", "74300"), idempotency_key=key)


@pytest.mark.django_db(transaction=True)
def test_the_same_key_submitted_by_many_processes_makes_one_booking():
    slot = SlotFactory(capacity=10)

    outcomes = in_processes(_book_with_key, [(slot.pk, "retry-key-42")] * 20)

    assert outcomes == ["ok"] * 20
    assert Booking.objects.filter(slot=slot).count() == 1
    assert_counters_match_rows(slot)
    assert slot.booked == 2


def _cancel(token: str) -> None:
    cancel_booking(token)


@pytest.mark.django_db(transaction=True)
def test_concurrent_cancellations_of_one_booking_free_its_places_once():
    slot = SlotFactory(capacity=10)
    booking = book_visit(slot.pk, 4, Contact("A", "a@example.org", "74300")).booking
    book_visit(slot.pk, 3, Contact("B", "b@example.org", "74300"))

    outcomes = in_processes(_cancel, [(booking.token,)] * 20)

    assert outcomes.count("ok") == 1
    assert outcomes.count("booking_not_active") == 19
    assert_counters_match_rows(slot)
    assert slot.booked == 3


def _cancel_or_book(action: str, value) -> None:
    if action == "cancel":
        cancel_booking(value)
    else:
        _book_one(*value)


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_new_bookings_and_a_waiting_list_never_oversell():
    slot = SlotFactory(capacity=10)
    tokens = [
        book_visit(slot.pk, 1, Contact(f"B{n}", f"b{n}@example.org", "74300")).booking.token
        for n in range(10)
    ]
    for n in range(5):
        join_waitlist(slot.pk, 1, Contact(f"W{n}", f"w{n}@example.org", "74300"))

    arguments = [("cancel", token) for token in tokens] + [
        ("book", (slot.pk, n)) for n in range(PROCESSES - 10)
    ]
    outcomes = in_processes(_cancel_or_book, arguments)

    assert not [outcome for outcome in outcomes if outcome.startswith("crash")]
    assert_counters_match_rows(slot)
    offered = WaitlistEntry.objects.filter(slot=slot, status=WaitlistStatus.OFFERED).count()
    # Each of the first five freed places went to the waiting list, not to a newcomer.
    assert offered == 5


def _accept(token: str) -> None:
    accept_offer(token)


@pytest.mark.django_db(transaction=True)
def test_concurrent_acceptances_of_one_offer_make_one_booking():
    slot = SlotFactory(capacity=4)
    first = book_visit(slot.pk, 2, Contact("A", "a@example.org", "74300")).booking
    book_visit(slot.pk, 2, Contact("B", "b@example.org", "74300"))
    entry = join_waitlist(slot.pk, 2, Contact("W", "w@example.org", "74300")).entry
    cancel_booking(first.token)

    outcomes = in_processes(_accept, [(entry.token,)] * 20)

    assert outcomes.count("ok") == 1
    assert outcomes.count("offer_not_open") == 19
    assert_counters_match_rows(slot)
    assert slot.booked == 4
    assert slot.held == 0


def test_a_retry_that_finds_the_slot_full_returns_its_first_attempts_booking(slot):
    """The first attempt of a retried request (its answer lost) took the last place:
    the retry finds the slot full, and answers with the first attempt's booking
    rather than a refusal."""
    slot.capacity = 4
    slot.save()
    first = book_visit(slot.pk, 4, Contact("Ana", "ana@example.org"), "key-lost-1")

    again = book_visit(slot.pk, 4, Contact("Ana", "ana@example.org"), "key-lost-1")

    assert not again.created and again.booking == first.booking
    assert Booking.objects.count() == 1


def test_a_retry_with_places_left_returns_its_first_booking_and_takes_nothing(slot):
    """The key's unique constraint stops the second row: the places the retry took
    roll back with it."""
    first = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org"), "key-lost-2")

    again = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org"), "key-lost-2")

    assert not again.created and again.booking == first.booking
    slot.refresh_from_db()
    assert slot.booked == 2
    assert Booking.objects.count() == 1
