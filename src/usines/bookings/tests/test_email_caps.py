"""One e-mail address cannot take every place: caps per slot and per day, set per edition."""

import pytest

from usines.bookings.exceptions import EmailCapReached
from usines.bookings.models import Booking
from usines.bookings.rules import slot_facts
from usines.bookings.services import Contact, book_visit
from usines.testsupport import SlotFactory, in_processes


@pytest.fixture
def capped_slot(db):
    slot = SlotFactory(capacity=50)
    edition = slot.day.edition
    edition.max_places_per_email_per_slot = 6
    edition.max_bookings_per_email_per_day = 2
    edition.save()
    return slot


def test_one_address_holds_at_most_the_edition_places_on_a_slot(capped_slot):
    book_visit(capped_slot.pk, 4, Contact("Ana", "ana@example.org"))

    with pytest.raises(EmailCapReached) as refused:
        book_visit(capped_slot.pk, 3, Contact("Ana bis", "ana@example.org"))

    assert "6" in str(refused.value.message)
    capped_slot.refresh_from_db()
    assert capped_slot.booked == 4
    assert Booking.objects.count() == 1


def test_one_address_books_at_most_the_edition_visits_on_a_day(capped_slot):
    other = SlotFactory(day=capped_slot.day, visit=capped_slot.visit, capacity=50)
    third = SlotFactory(day=capped_slot.day, visit=capped_slot.visit, capacity=50)
    book_visit(capped_slot.pk, 1, Contact("Ana", "ana@example.org"))
    book_visit(other.pk, 1, Contact("Ana", "ana@example.org"))

    with pytest.raises(EmailCapReached):
        book_visit(third.pk, 1, Contact("Ana", "ana@example.org"))
    third.refresh_from_db()
    assert third.booked == 0


def test_other_addresses_are_not_held_back(capped_slot):
    book_visit(capped_slot.pk, 6, Contact("Ana", "ana@example.org"))

    assert book_visit(capped_slot.pk, 6, Contact("Léo", "leo@example.org")).created


def _book_two(slot_id: int, index: int) -> None:
    book_visit(slot_id, 2, Contact(f"Bot {index}", "bot@example.org"))


@pytest.mark.django_db(transaction=True)
def test_racing_bookings_of_one_address_never_pass_the_slot_cap():
    slot = SlotFactory(capacity=50)
    edition = slot.day.edition
    edition.max_places_per_email_per_slot = 6
    edition.max_bookings_per_email_per_day = 100
    edition.save()

    outcomes = in_processes(_book_two, [(slot.pk, index) for index in range(10)])

    assert outcomes.count("ok") == 3
    slot.refresh_from_db()
    assert slot.booked == 6


def _read_slot_of(slot_ids: list[int], index: int) -> None:
    slot_facts(slot_ids[index])  # kept by the process, as a serving process does


def _book_one_of(slot_ids: list[int], index: int) -> None:
    book_visit(slot_ids[index], 1, Contact(f"Bot {index}", "bot@example.org"))


@pytest.mark.django_db(transaction=True)
def test_racing_bookings_of_one_address_on_many_slots_never_pass_the_day_cap():
    # Each process books another slot of the same day, so no slot's lock orders them:
    # the address's own lock does.
    first = SlotFactory(capacity=50)
    edition = first.day.edition
    edition.max_bookings_per_email_per_day = 2
    edition.save()
    slots = [first.pk] + [
        SlotFactory(day=first.day, visit=first.visit, capacity=50).pk for _ in range(9)
    ]

    outcomes = in_processes(
        _book_one_of, [(slots, index) for index in range(10)], warm=_read_slot_of
    )

    assert outcomes.count("ok") == 2
    assert Booking.objects.filter(email="bot@example.org").count() == 2
