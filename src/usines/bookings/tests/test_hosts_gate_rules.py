"""The gate's rules: an arrival counts only on the visit's date (unless the host
confirms it), a mistake can be undone, names are found whatever their accents."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from usines.bookings.checkin import (
    Outcome,
    attendance,
    check_in,
    find_at_gate,
    gate_moment,
    latest_at_gate,
    record_walk_ins,
    undo_check_in,
    undo_walk_ins,
    walk_in_categories,
)
from usines.bookings.exceptions import NotTheVisitDay
from usines.bookings.models import Booking, WalkIn
from usines.bookings.search import fold
from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience, EditionDay
from usines.factories.models import Participation
from usines.testsupport import EditionDayFactory, SlotFactory

pytestmark = pytest.mark.django_db


def book(slot, name: str, places: int = 2) -> Booking:
    return book_visit(slot.pk, places, Contact(name, "someone@example.org", "74300")).booking


def move_day_to(day: EditionDay, when) -> None:
    EditionDay.objects.filter(pk=day.pk).update(date=when)
    day.refresh_from_db()


@pytest.fixture
def gate(slot):
    """Chloé Dupré has booked 3 places; the visit's day is today."""
    booking = book(slot, "Chloé Dupré", 3)
    move_day_to(slot.day, timezone.localdate())
    return slot.visit.participation, slot.day, booking


def present(participation, day) -> int:
    return attendance(Participation.objects.filter(pk=participation.pk), day).total_present


# --- The date rule ----------------------------------------------------------------


def test_a_ticket_shown_before_the_visit_day_is_not_counted(slot):
    booking = book(slot, "Chloé Dupré")  # the day is a month ahead
    participation = slot.visit.participation

    result = check_in(participation, slot.day, booking.checkin_code, None)

    assert result.outcome == Outcome.NOT_TODAY
    assert result.booking == booking
    booking.refresh_from_db()
    assert booking.checked_in_at is None
    assert present(participation, slot.day) == 0


def test_the_host_may_force_an_arrival_on_another_date(slot):
    booking = book(slot, "Chloé Dupré", 3)
    participation = slot.visit.participation

    result = check_in(participation, slot.day, booking.checkin_code, None, force=True)

    assert result.outcome == Outcome.WELCOME
    assert present(participation, slot.day) == 3


def test_a_ticket_checked_in_the_day_after_is_refused_too(gate):
    participation, day, booking = gate
    move_day_to(day, timezone.localdate() - timedelta(days=1))

    assert check_in(participation, day, booking.checkin_code, None).outcome == Outcome.NOT_TODAY


def test_a_queued_scan_is_judged_by_the_moment_it_was_taken(gate):
    """Scanned at the gate yesterday evening, sent this morning when the network
    came back: it was the visit's day when it happened."""
    participation, day, booking = gate
    yesterday = timezone.localdate() - timedelta(days=1)
    yesterday_evening = datetime.combine(yesterday, time(22), timezone.get_current_timezone())
    move_day_to(day, yesterday)

    sent_now = check_in(participation, day, booking.checkin_code, None)
    sent_late = check_in(participation, day, booking.checkin_code, None, at=yesterday_evening)

    assert sent_now.outcome == Outcome.NOT_TODAY
    assert sent_late.outcome == Outcome.WELCOME


def test_a_moment_too_old_or_in_the_future_is_not_believed():
    now = timezone.now()
    for claimed in (now - timedelta(days=5), now + timedelta(hours=2)):
        assert abs(gate_moment(claimed) - timezone.now()) < timedelta(seconds=5)
    an_hour_ago = now - timedelta(hours=1)
    assert gate_moment(an_hour_ago) == an_hour_ago


def test_an_already_checked_in_ticket_says_so_on_any_date(gate):
    participation, day, booking = gate
    check_in(participation, day, booking.checkin_code, None)
    move_day_to(day, timezone.localdate() + timedelta(days=1))

    assert check_in(participation, day, booking.checkin_code, None).outcome == Outcome.ALREADY


def test_walk_ins_on_another_date_are_refused_unless_forced(slot):
    participation, day = slot.visit.participation, slot.day

    with pytest.raises(NotTheVisitDay) as refusal:
        record_walk_ins(participation, day, "adult", 4, "key-not-today", None)
    assert not WalkIn.objects.exists()
    with pytest.raises(NotTheVisitDay):
        record_walk_ins(participation, day, "adult", 4, "key-not-today", None, at=timezone.now())

    record_walk_ins(participation, day, "adult", 4, "key-not-today", None, force=True)
    assert present(participation, day) == 4
    assert "rien n’est enregistré" in str(refusal.value.message)


# --- Undo -------------------------------------------------------------------------


def test_an_undone_check_in_returns_the_booking_to_not_arrived(gate):
    participation, day, booking = gate
    check_in(participation, day, booking.checkin_code, None)
    assert present(participation, day) == 3

    result = undo_check_in(participation, day, booking.checkin_code)

    assert result.outcome == Outcome.UNDONE
    booking.refresh_from_db()
    assert (booking.checked_in_at, booking.checked_in_by) == (None, None)
    assert present(participation, day) == 0
    # Scanned again, the ticket is welcome again, and counts once.
    assert check_in(participation, day, booking.checkin_code, None).outcome == Outcome.WELCOME
    assert present(participation, day) == 3


def test_undoing_twice_or_a_ticket_never_scanned_changes_nothing(gate):
    participation, day, booking = gate

    assert undo_check_in(participation, day, booking.checkin_code).outcome == (
        Outcome.NOT_CHECKED_IN
    )


def test_another_factory_cannot_undo_this_factorys_check_in(gate):
    participation, day, booking = gate
    check_in(participation, day, booking.checkin_code, None)
    other = SlotFactory(day=day).visit.participation

    assert undo_check_in(other, day, booking.checkin_code).outcome == Outcome.WRONG_SITE
    booking.refresh_from_db()
    assert booking.checked_in_at is not None


def test_an_undone_walk_in_is_removed_from_the_figures(gate):
    participation, day, _booking = gate
    record_walk_ins(participation, day, "adult", 4, "key-adults", None)
    record_walk_ins(participation, day, "child", 2, "key-children", None)

    removed = undo_walk_ins(participation, "key-adults")

    assert (removed.category, removed.count) == ("adult", 4)
    assert list(WalkIn.objects.values_list("client_key", flat=True)) == ["key-children"]
    assert attendance(Participation.objects.filter(pk=participation.pk), day).walk_ins == {
        "child": 2
    }
    assert undo_walk_ins(participation, "key-adults") is None


def test_another_factory_cannot_remove_this_factorys_walk_ins(gate):
    participation, day, _booking = gate
    record_walk_ins(participation, day, "adult", 4, "key-adults", None)
    other = SlotFactory(day=day).visit.participation

    assert undo_walk_ins(other, "key-adults") is None
    assert WalkIn.objects.count() == 1


def test_the_latest_arrivals_mix_check_ins_and_walk_ins_newest_first(gate):
    participation, day, booking = gate
    record_walk_ins(participation, day, "adult", 4, "key-first", None)
    check_in(participation, day, booking.checkin_code, None)
    WalkIn.objects.filter(client_key="key-first").update(
        recorded_at=timezone.now() - timedelta(minutes=5)
    )

    entries = latest_at_gate(participation, day)

    assert [entry.booking or entry.walk_in.client_key for entry in entries] == [
        booking,
        "key-first",
    ]


# --- Who may come without a booking ------------------------------------------------


def test_a_public_day_takes_adults_and_children_a_school_day_pupils_and_teachers(gate):
    participation, day, _booking = gate
    school_day = EditionDayFactory(edition=day.edition, audience=Audience.SCHOOL)

    assert walk_in_categories(day) == ["adult", "child"]
    assert walk_in_categories(school_day) == ["pupil", "teacher"]
    with pytest.raises(ValueError):
        record_walk_ins(participation, day, "pupil", 25, "key-pupils", None)
    assert not WalkIn.objects.exists()


# --- Names, whatever their accents --------------------------------------------------


def test_fold_drops_case_and_accents():
    assert fold("Chloé") == fold("CHLOE") == fold("chloe") == "chloe"
    assert fold("Œuvre d’Ærø à Łódź") == "oeuvre d'aero a lodz"


@pytest.mark.parametrize("typed", ["chloe", "CHLOÉ", "Chloé", "dupre", "loé dup"])
def test_the_gate_finds_a_name_whatever_its_accents(gate, typed):
    participation, day, booking = gate
    book(day.slots.get(), "Zoé Martin")

    assert find_at_gate(participation, day, typed) == [booking]


def test_accented_capitals_are_found_too(gate):
    participation, day, _booking = gate
    élodie = book(day.slots.get(), "ÉLODIE ÇA")

    assert find_at_gate(participation, day, "elodie ca") == [élodie]
    assert find_at_gate(participation, day, "Élodie") == [élodie]


def test_the_gate_search_stays_within_the_site_and_the_day(gate):
    participation, day, booking = gate
    # Starting when the gate's slot starts (still ahead), so that it takes bookings
    # whatever the time of day the test runs.
    other_site = SlotFactory(day=day, starts_at=booking.slot.starts_at)
    book(other_site, "Chloé Autre")

    assert find_at_gate(participation, day, "chloe") == [booking]
    assert find_at_gate(participation, day, "c") == []  # two letters at least
