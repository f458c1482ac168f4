"""Releasing no-shows under real concurrency: late check-ins racing the release and
the gate's walk-ins, in separate processes on one database (SQLite or PostgreSQL)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings import gate, release
from usines.bookings.checkin import Outcome, check_in
from usines.bookings.models import Booking, BookingStatus, WaitlistStatus, WalkIn, WalkInCategory
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.editions.models import EditionDay
from usines.factories.models import Participation, Slot
from usines.testsupport import SlotFactory, assert_counters_match_rows, in_processes

pytestmark = pytest.mark.django_db(transaction=True)

VISITORS = 10


def _started_full_slot(short_notice: int = 0) -> tuple[Slot, list[Booking]]:
    """A slot of 10 places booked one by one, `short_notice` parties of one waiting at
    short notice; it started 20 minutes ago and releases after 10."""
    slot = SlotFactory(capacity=VISITORS)
    bookings = [
        book_visit(slot.pk, 1, Contact(f"V{n}", f"v{n}@example.org")).booking
        for n in range(VISITORS)
    ]
    for n in range(short_notice):
        join_waitlist(slot.pk, 1, Contact(f"W{n}", f"w{n}@example.org"), short_notice=True)
    now = timezone.now()
    EditionDay.objects.filter(pk=slot.day_id).update(date=timezone.localdate(now))
    Slot.objects.filter(pk=slot.pk).update(starts_at=now - timedelta(minutes=20))
    slot = Slot.objects.select_related("day__edition").get(pk=slot.pk)
    release.set_release_minutes(slot, 10)
    return slot, bookings


def _check_in(slot_id: int, code: str) -> str:
    slot = Slot.objects.select_related("visit__participation", "day").get(pk=slot_id)
    return check_in(slot.visit.participation, slot.day, code, None).outcome


def _release(slot_id: int) -> str:
    release.release_due_places()
    return "released"


def _walk_in(slot_id: int, key: str) -> str:
    slot = Slot.objects.select_related("visit__participation", "day").get(pk=slot_id)
    gate.admit_walk_ins(slot.visit.participation, slot, WalkInCategory.ADULT, 1, key, None)
    return "walked_in"


def _act(action: str, *arguments) -> str:
    return {"checkin": _check_in, "release": _release, "walkin": _walk_in}[action](*arguments)


def test_check_ins_at_the_last_second_all_keep_their_places_when_nobody_waits():
    slot, bookings = _started_full_slot()

    arguments = [("checkin", slot.pk, booking.checkin_code) for booking in bookings]
    outcomes = in_processes(_act, [("release", slot.pk), *arguments])

    assert sorted(outcomes) == ["released"] + [Outcome.WELCOME] * VISITORS
    assert (
        Booking.objects.filter(
            slot=slot, status=BookingStatus.CONFIRMED, checked_in_at__isnull=False
        ).count()
        == VISITORS
    )
    assert_counters_match_rows(slot)
    assert slot.booked == VISITORS


def test_late_check_ins_and_gate_walk_ins_never_share_a_released_place():
    slot, bookings = _started_full_slot()
    release.release_due_places()

    checkins = [("checkin", slot.pk, booking.checkin_code) for booking in bookings]
    walk_ins = [("walkin", slot.pk, f"gate-{n:04d}") for n in range(VISITORS)]
    outcomes = in_processes(_act, checkins + walk_ins)

    assert not [outcome for outcome in outcomes if outcome.startswith("crash")]
    welcomed = outcomes.count(Outcome.WELCOME)
    walked_in = outcomes.count("walked_in")
    assert welcomed + walked_in == VISITORS
    assert outcomes.count(Outcome.GIVEN_AWAY) == VISITORS - welcomed
    assert outcomes.count("slot_full") == VISITORS - walked_in
    assert WalkIn.objects.filter(slot=slot).count() == walked_in
    assert_counters_match_rows(slot)
    assert slot.booked == VISITORS


def test_a_release_racing_check_ins_and_a_short_notice_queue_never_oversells():
    slot, bookings = _started_full_slot(short_notice=5)

    arguments = [("checkin", slot.pk, booking.checkin_code) for booking in bookings]
    outcomes = in_processes(_act, [("release", slot.pk), *arguments])

    assert not [outcome for outcome in outcomes if outcome.startswith("crash")]
    welcomed = outcomes.count(Outcome.WELCOME)
    offered = slot.waitlist.filter(status=WaitlistStatus.OFFERED).count()
    assert welcomed + offered <= VISITORS
    assert outcomes.count(Outcome.GIVEN_AWAY) == VISITORS - welcomed
    assert_counters_match_rows(slot)
    participation = Participation.objects.get(pk=slot.visit.participation_id)
    assert sum(len(row.offers) for row in gate.gate_slots(participation, slot.day)) == offered
