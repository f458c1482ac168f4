"""Checking visitors in on the day: every outcome, walk-ins, replays and two phones at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings.checkin import (
    Outcome,
    attendance,
    check_in,
    normalise_code,
    record_walk_ins,
)
from usines.bookings.models import Booking, WalkIn
from usines.bookings.services import Contact, book_visit, cancel_booking
from usines.editions.models import Audience, EditionDay
from usines.factories.models import Participation
from usines.testsupport import EditionDayFactory, SlotFactory, in_processes

pytestmark = pytest.mark.django_db


def the_day_comes(day) -> None:
    """Bookings made, the visit's day is today: the gate opens."""
    EditionDay.objects.filter(pk=day.pk).update(date=timezone.localdate())
    day.refresh_from_db()


@pytest.fixture
def booked(slot):
    booking = book_visit(slot.pk, 3, Contact("Alice Martin", "alice@example.org", "74300")).booking
    the_day_comes(slot.day)
    return slot.visit.participation, slot.day, booking


def test_welcome_then_already_with_the_time(booked):
    participation, day, booking = booked

    first = check_in(participation, day, booking.checkin_code, None)
    second = check_in(participation, day, booking.checkin_code, None)

    assert first.outcome == Outcome.WELCOME and first.booking.party_size == 3
    assert second.outcome == Outcome.ALREADY
    assert second.checked_in_at == first.checked_in_at


def test_typed_codes_forgive_case_spaces_and_dashes(booked):
    participation, day, booking = booked
    typed = " " + "-".join([booking.checkin_code[:5], booking.checkin_code[5:]]).lower()

    assert normalise_code(typed) == booking.checkin_code
    assert check_in(participation, day, typed, None).outcome == Outcome.WELCOME


def test_wrong_day_wrong_site_cancelled_and_unknown(booked):
    participation, day, booking = booked
    other_day = EditionDayFactory(
        edition=day.edition, audience=Audience.SCHOOL, date=day.date + timedelta(days=1)
    )
    other_site = SlotFactory(day=day).visit.participation

    assert check_in(participation, other_day, booking.checkin_code, None).outcome == (
        Outcome.WRONG_DAY
    )
    assert check_in(other_site, day, booking.checkin_code, None).outcome == Outcome.WRONG_SITE
    assert check_in(participation, day, "ZZZZZZZZZZ", None).outcome == Outcome.UNKNOWN
    cancel_booking(booking.token)
    assert check_in(participation, day, booking.checkin_code, None).outcome == Outcome.CANCELLED
    booking.refresh_from_db()
    assert booking.checked_in_at is None


def test_walk_ins_replayed_with_their_key_count_once(booked):
    participation, day, _booking = booked

    for _ in range(3):  # the phone lost the answer and sent it again
        record_walk_ins(participation, day, "adult", 4, "phone-1-0001", None)
    record_walk_ins(participation, day, "child", 2, "phone-1-0002", None)

    assert WalkIn.objects.count() == 2
    figures = attendance(Participation.objects.filter(pk=participation.pk), day)
    assert figures.walk_ins == {"adult": 4, "child": 2}


def test_walk_ins_refuse_nonsense(booked):
    participation, day, _booking = booked
    for category, count in (("robot", 1), ("adult", 0), ("adult", 501)):
        with pytest.raises(ValueError):
            record_walk_ins(participation, day, category, count, f"k-{category}-{count}", None)
    assert WalkIn.objects.count() == 0


def test_attendance_splits_pupils_from_the_public(booked):
    participation, day, booking = booked
    school_day = EditionDayFactory(
        edition=day.edition, audience=Audience.SCHOOL, date=day.date + timedelta(days=1)
    )
    check_in(participation, day, booking.checkin_code, None)
    record_walk_ins(participation, day, "adult", 2, "k-adult", None)
    # The school day is not today: its walk-ins count only because the host confirms them.
    record_walk_ins(participation, school_day, "pupil", 25, "k-pupils", None, force=True)
    record_walk_ins(participation, school_day, "teacher", 2, "k-teachers", None, force=True)
    scope = Participation.objects.filter(pk=participation.pk)

    figures = attendance(scope)

    assert (figures.booked, figures.present, figures.walk_ins_total) == (3, 3, 29)
    assert (figures.school_present, figures.public_present) == (27, 5)
    from usines.reports.figures import Figures, refresh

    kept = Figures(refresh(day.edition))  # what the organisers' dashboards read
    assert kept.attendance() == figures
    assert kept.attendance_by_region() == [("Auvergne-Rhône-Alpes", figures)]
    assert kept.attendance(school_day).school_present == 27
    assert figures.total_present == 32


def _check_in_code(participation_id: int, day_id: int, code: str) -> str:
    from usines.editions.models import EditionDay

    result = check_in(
        Participation.objects.get(pk=participation_id),
        EditionDay.objects.get(pk=day_id),
        code,
        None,
    )
    return result.outcome


@pytest.mark.django_db(transaction=True)
def test_the_same_ticket_scanned_by_twenty_phones_at_once_counts_once():
    slot = SlotFactory(capacity=10)
    booking = book_visit(slot.pk, 2, Contact("Bob", "bob@example.org", "74300")).booking
    the_day_comes(slot.day)

    outcomes = in_processes(
        _check_in_code,
        [(slot.visit.participation_id, slot.day_id, booking.checkin_code)] * 20,
    )

    assert outcomes.count(Outcome.WELCOME) == 1
    assert outcomes.count(Outcome.ALREADY) == 19
    booking = Booking.objects.get()
    scope = Participation.objects.filter(pk=slot.visit.participation_id)
    assert attendance(scope).present == 2


def _walk_in(participation_id: int, day_id: int, key: str) -> str:
    from usines.editions.models import EditionDay

    record_walk_ins(
        Participation.objects.get(pk=participation_id),
        EditionDay.objects.get(pk=day_id),
        "adult",
        3,
        key,
        None,
    )
    return "ok"


@pytest.mark.django_db(transaction=True)
def test_an_offline_queue_replayed_from_several_phones_stores_each_record_once():
    slot = SlotFactory(capacity=10)
    the_day_comes(slot.day)
    keys = [f"phone-key-{n:04d}" for n in range(5)]

    in_processes(_walk_in, [(slot.visit.participation_id, slot.day_id, key) for key in keys * 4])

    assert WalkIn.objects.count() == 5
    scope = Participation.objects.filter(pk=slot.visit.participation_id)
    assert attendance(scope).walk_ins == {"adult": 15}
