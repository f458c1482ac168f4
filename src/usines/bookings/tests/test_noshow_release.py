"""Places of visitors not checked in by the release time go to those who can still come."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings import gate, release
from usines.bookings.checkin import Outcome, attendance, check_in
from usines.bookings.exceptions import NotReleasable, OfferNotOpen, SlotFull
from usines.bookings.models import BookingStatus, WaitlistStatus, WalkInCategory, release_time
from usines.bookings.services import Contact, accept_offer, book_visit, join_waitlist
from usines.editions.models import EditionDay
from usines.factories.models import Participation, Slot
from usines.testsupport import assert_counters_match_rows

pytestmark = pytest.mark.django_db


def open_the_gate(slot, minutes_ago: int = 20) -> Slot:
    """The visit's day is today and the slot started `minutes_ago`."""
    now = timezone.now()
    EditionDay.objects.filter(pk=slot.day_id).update(date=timezone.localdate(now))
    Slot.objects.filter(pk=slot.pk).update(starts_at=now - timedelta(minutes=minutes_ago))
    return Slot.objects.select_related("day__edition", "visit").get(pk=slot.pk)


@pytest.fixture
def full_slot(slot):
    """A slot of 4 places: Ana (2 places) and Bob (2 places), then Wendy waiting for 2
    at short notice and Walt waiting without; released 10 minutes after the start."""
    slot.capacity = 4
    slot.save()
    ana = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org")).booking
    bob = book_visit(slot.pk, 2, Contact("Bob", "bob@example.org")).booking
    walt = join_waitlist(slot.pk, 2, Contact("Walt", "walt@example.org")).entry
    wendy = join_waitlist(
        slot.pk, 2, Contact("Wendy", "wendy@example.org"), short_notice=True
    ).entry
    slot = open_the_gate(slot)
    release.set_release_minutes(slot, 10)
    return slot, ana, bob, wendy, walt


def test_nothing_is_released_before_the_release_time(full_slot):
    slot, ana, *_ = full_slot
    release.set_release_minutes(slot, 30)

    with pytest.raises(NotReleasable):
        release.release_no_shows(slot)
    assert release.release_due_places() == 0

    ana.refresh_from_db()
    assert ana.status == BookingStatus.CONFIRMED
    assert_counters_match_rows(slot)


def test_a_slot_without_release_time_is_never_released_by_the_job(full_slot):
    slot, ana, *_ = full_slot
    release.set_release_minutes(slot, None)

    assert release.release_due_places() == 0
    ana.refresh_from_db()
    assert ana.status == BookingStatus.CONFIRMED


def test_the_editions_default_applies_when_the_host_set_none(slot):
    book_visit(slot.pk, 2, Contact("Ana", "ana@example.org"))
    slot = open_the_gate(slot, minutes_ago=5)
    slot.day.edition.release_after_minutes = 3
    slot.day.edition.save()
    slot = Slot.objects.select_related("day__edition").get(pk=slot.pk)

    assert release_time(slot) == slot.starts_at + timedelta(minutes=3)
    assert release.release_due_places() == 2


def test_after_the_release_time_unclaimed_places_go_to_the_short_notice_entry(full_slot):
    slot, ana, bob, wendy, walt = full_slot
    check_in(slot.visit.participation, slot.day, bob.checkin_code, None)

    assert release.release_due_places() == 2

    ana.refresh_from_db()
    wendy.refresh_from_db()
    walt.refresh_from_db()
    assert ana.status == BookingStatus.RELEASED and ana.released_at is not None
    assert wendy.status == WaitlistStatus.OFFERED
    assert wendy.offer_expires_at - wendy.offered_at == timedelta(minutes=15)
    assert walt.status == WaitlistStatus.WAITING  # not at short notice: no offer
    assert_counters_match_rows(slot)
    assert release.release_due_places() == 0  # released once


def test_the_short_notice_party_is_let_in_at_the_gate_not_online(full_slot):
    slot, ana, bob, wendy, _ = full_slot
    release.release_due_places()

    with pytest.raises(OfferNotOpen):
        accept_offer(wendy.token)
    booking = gate.admit_offered(slot.visit.participation, wendy.pk, None)

    assert booking.status == BookingStatus.CONFIRMED and booking.checked_in_at is not None
    assert_counters_match_rows(slot)
    with pytest.raises(OfferNotOpen):
        gate.admit_offered(slot.visit.participation, wendy.pk, None)


def test_an_expired_gate_offer_frees_its_places_for_the_gate_queue(full_slot):
    slot, ana, bob, wendy, _ = full_slot
    check_in(slot.visit.participation, slot.day, bob.checkin_code, None)
    release.release_due_places()

    later = timezone.now() + timedelta(minutes=16)
    release.release_due_places(later)

    wendy.refresh_from_db()
    assert wendy.status == WaitlistStatus.EXPIRED
    assert_counters_match_rows(slot)
    slot.refresh_from_db()
    assert slot.available == 2


def test_a_late_visitor_gets_the_places_back_while_nobody_took_them(full_slot):
    slot, ana, bob, wendy, _ = full_slot
    wendy.delete()
    release.release_due_places()

    result = check_in(slot.visit.participation, slot.day, ana.checkin_code, None)

    assert result.outcome == Outcome.WELCOME
    ana.refresh_from_db()
    assert ana.status == BookingStatus.CONFIRMED and ana.checked_in_at is not None
    assert_counters_match_rows(slot)


def test_a_late_visitor_whose_places_were_taken_is_told_so(full_slot):
    slot, ana, bob, *_ = full_slot
    check_in(slot.visit.participation, slot.day, bob.checkin_code, None)
    release.release_due_places()  # Ana's places: held for Wendy's party

    result = check_in(slot.visit.participation, slot.day, ana.checkin_code, None)

    assert result.outcome == Outcome.GIVEN_AWAY
    ana.refresh_from_db()
    assert ana.status == BookingStatus.RELEASED
    assert_counters_match_rows(slot)


def test_walk_ins_taking_released_places_count_as_walk_ins_not_bookings(full_slot):
    slot, ana, bob, wendy, _ = full_slot
    wendy.delete()
    release.release_due_places()
    participation = slot.visit.participation

    gate.admit_walk_ins(participation, slot, WalkInCategory.ADULT, 3, "gate-key-1", None)
    again = gate.admit_walk_ins(participation, slot, WalkInCategory.ADULT, 3, "gate-key-1", None)

    assert again.count == 3
    assert_counters_match_rows(slot)
    with pytest.raises(SlotFull):
        gate.admit_walk_ins(participation, slot, WalkInCategory.ADULT, 2, "gate-key-2", None)
    figures = attendance(Participation.objects.filter(pk=participation.pk), slot.day)
    assert figures.walk_ins_total == 3
    assert figures.booked == 0
    assert check_in(participation, slot.day, ana.checkin_code, None).outcome == Outcome.GIVEN_AWAY
    rows = gate.gate_slots(participation, slot.day)
    assert [(row.released_places, row.walk_in_places) for row in rows] == [(4, 3)]


def test_the_host_may_release_a_started_slot_without_release_time(full_slot):
    slot, ana, *_ = full_slot
    release.set_release_minutes(slot, None)
    slot = Slot.objects.select_related("day__edition").get(pk=slot.pk)

    with pytest.raises(NotReleasable):
        release.release_no_shows(slot)
    done = release.release_no_shows(slot, by_host=True)

    assert done.places == 4 and len(done.offered) == 1
    assert_counters_match_rows(slot)


def test_class_bookings_and_checked_in_visitors_are_never_released(full_slot):
    slot, ana, bob, *_ = full_slot
    check_in(slot.visit.participation, slot.day, ana.checkin_code, None)
    check_in(slot.visit.participation, slot.day, bob.checkin_code, None)

    assert release.release_due_places() == 0
    assert_counters_match_rows(slot)
