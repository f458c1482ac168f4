"""Reminders before the visit: each sent once at its time, and the places of those who
never answer released only when the edition says so."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import translation

from usines.bookings import reminders
from usines.bookings.models import Booking, BookingStatus, Reminder, ReminderKind, WaitlistStatus
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.testsupport import assert_counters_match_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def booked(slot):
    """Ana booked 2 places on a slot 30 days ahead; the slot is full and Walt waits."""
    slot.capacity = 2
    slot.save()
    ana = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", language="en")).booking
    walt = join_waitlist(slot.pk, 2, Contact("Walt", "walt@example.org")).entry
    return slot, ana, walt


def days_before(slot, days: float):
    return slot.starts_at - timedelta(days=days)


def sent(deliver_emails, run) -> list:
    """The e-mails to Ana that `run` sends (what was queued before is sent first)."""
    deliver_emails()
    mail.outbox.clear()
    with deliver_emails.capture():
        run()
    return [message for message in deliver_emails() if "ana@example.org" in message.to]


def test_no_reminder_before_its_day(booked):
    slot, ana, _ = booked

    assert reminders.send_due_reminders(days_before(slot, 8)) == 0
    assert not Reminder.objects.exists()


def test_each_reminder_is_sent_once_at_its_time(booked, deliver_emails):
    slot, ana, _ = booked
    week = days_before(slot, 6.9)

    first = sent(deliver_emails, lambda: reminders.send_due_reminders(week))
    again = sent(deliver_emails, lambda: reminders.send_due_reminders(week))
    eve = sent(deliver_emails, lambda: reminders.send_due_reminders(days_before(slot, 0.9)))
    later = sent(deliver_emails, lambda: reminders.send_due_reminders(days_before(slot, 0.5)))

    assert len(first) == 1 and again == [] and len(eve) == 1 and later == []
    assert list(Reminder.objects.values_list("kind", flat=True).order_by("kind")) == [
        ReminderKind.FIRST,
        ReminderKind.SECOND,
    ]


def test_the_reminder_carries_both_one_click_links(booked, deliver_emails):
    slot, ana, _ = booked

    (message,) = sent(deliver_emails, lambda: reminders.send_due_reminders(days_before(slot, 6)))

    assert f"/reservation/{ana.token}/je-viens/" in message.body
    assert f"/reservation/{ana.token}/je-ne-viens-pas/" in message.body
    assert ana.checkin_code in message.body


def test_a_late_booking_gets_only_the_reminder_still_ahead(booked):
    slot, ana, _ = booked
    Booking.objects.filter(pk=ana.pk).update(created_at=days_before(slot, 3))

    reminders.send_due_reminders(days_before(slot, 2))
    reminders.send_due_reminders(days_before(slot, 0.5))

    assert list(Reminder.objects.values_list("kind", flat=True)) == [ReminderKind.SECOND]


def test_the_first_reminder_is_skipped_when_the_second_is_already_due(booked):
    slot, *_ = booked

    reminders.send_due_reminders(days_before(slot, 0.5))

    assert list(Reminder.objects.values_list("kind", flat=True)) == [ReminderKind.SECOND]


def test_an_edition_without_reminders_sends_none(booked):
    slot, *_ = booked
    edition = slot.day.edition
    edition.first_reminder_days = edition.second_reminder_days = 0
    edition.save()

    assert reminders.send_due_reminders(days_before(slot, 0.5)) == 0


def test_unanswered_bookings_keep_their_places_unless_the_edition_releases_them(booked):
    slot, ana, walt = booked
    reminders.send_due_reminders(days_before(slot, 6))

    reminders.send_due_reminders(slot.starts_at - timedelta(hours=1))

    ana.refresh_from_db()
    assert ana.status == BookingStatus.CONFIRMED
    assert not Reminder.objects.filter(kind=ReminderKind.WARNING).exists()


@pytest.fixture
def releasing(booked):
    slot, ana, walt = booked
    slot.day.edition.release_unconfirmed = True
    slot.day.edition.reconfirm_hours = 12
    slot.day.edition.save()
    reminders.send_due_reminders(days_before(slot, 6))
    return booked


def test_unanswered_bookings_are_warned_then_released_to_the_waiting_list(
    releasing, deliver_emails
):
    slot, ana, walt = releasing
    due = slot.starts_at - timedelta(hours=12)

    with translation.override("en"):
        warned = sent(
            deliver_emails, lambda: reminders.send_due_reminders(due - timedelta(hours=6))
        )
    assert reminders.release_unanswered(slot.day.edition, due - timedelta(minutes=1)) == 0
    released = sent(
        deliver_emails,
        lambda: reminders.release_unanswered(slot.day.edition, due + timedelta(minutes=1)),
    )

    assert len(warned) == 1 and "Please answer" in warned[0].subject
    assert len(released) == 1
    ana.refresh_from_db()
    walt.refresh_from_db()
    assert ana.status == BookingStatus.RELEASED
    assert walt.status == WaitlistStatus.OFFERED
    assert_counters_match_rows(slot)


def test_a_visitor_who_said_still_coming_is_neither_warned_nor_released(releasing):
    slot, ana, walt = releasing
    due = slot.starts_at - timedelta(hours=12)

    reminders.confirm_coming(ana.token, due - timedelta(days=2))
    reminders.send_due_reminders(due - timedelta(hours=6))
    reminders.send_due_reminders(due + timedelta(hours=1))

    ana.refresh_from_db()
    assert ana.status == BookingStatus.CONFIRMED
    assert not Reminder.objects.filter(kind=ReminderKind.WARNING).exists()


def test_a_visitor_warned_too_late_keeps_the_places(releasing):
    slot, ana, walt = releasing
    due = slot.starts_at - timedelta(hours=12)

    reminders.send_due_reminders(due - timedelta(minutes=30))  # the warning, too late
    reminders.send_due_reminders(due + timedelta(hours=1))

    ana.refresh_from_db()
    assert ana.status == BookingStatus.CONFIRMED
