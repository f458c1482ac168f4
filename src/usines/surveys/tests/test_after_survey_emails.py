"""The evening of the visit, each visitor gets the after-visit survey once: those
checked in, or everyone of a slot whose host checked no one in."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from usines.bookings.models import Booking
from usines.scheduling.jobs import JOBS
from usines.surveys.models import Moment
from usines.surveys.services import Link, current_questionnaire, submit_response
from usines.surveys.tasks import queue_after_surveys
from usines.surveys.tests.support import book, form_answers, start_visit
from usines.testsupport import SlotFactory

pytestmark = pytest.mark.django_db


def _check_in(booking):
    Booking.objects.filter(pk=booking.pk).update(checked_in_at=timezone.now())


@pytest.fixture
def booked(slot, deliver_emails):
    """Ana and Bob booked `slot`, their confirmations sent; the visit started."""
    with deliver_emails.capture():
        ana = book(slot, "Ana", "ana@example.org")
        bob = book(slot, "Bob", "bob@example.org")
    deliver_emails()
    start_visit(slot)
    mail.outbox.clear()
    return ana, bob


def _recipients():
    return sorted(message.to[0] for message in mail.outbox)


def test_everyone_of_a_slot_without_check_in_gets_the_survey_once(booked, deliver_emails):
    with deliver_emails.capture():
        assert queue_after_surveys() == 2
    deliver_emails()
    with deliver_emails.capture():
        assert queue_after_surveys() == 0
    deliver_emails()

    assert _recipients() == ["ana@example.org", "bob@example.org"]


def test_only_the_visitors_checked_in_get_it_when_the_host_checked_in(booked, deliver_emails):
    came, _bob = booked
    _check_in(came)

    with deliver_emails.capture():
        queue_after_surveys()
    deliver_emails()

    assert _recipients() == ["ana@example.org"]
    body = mail.outbox[0].body
    assert reverse("surveys:after", args=[came.token]) in body


def test_a_visitor_who_answered_at_the_exit_gets_no_email(slot, booked, deliver_emails):
    ana, _bob = booked
    questionnaire = current_questionnaire(slot.day.edition, "public", Moment.AFTER)
    submit_response(
        questionnaire, Link("public", Moment.AFTER, booking=ana), form_answers(questionnaire)
    )

    with deliver_emails.capture():
        assert queue_after_surveys() == 1
    deliver_emails()
    assert _recipients() == ["bob@example.org"]


def test_visits_of_another_day_are_not_emailed(slot):
    book(slot)
    assert queue_after_surveys() == 0
    SlotFactory()
    assert queue_after_surveys() == 0


def test_the_evening_job_is_scheduled():
    job = JOBS["send_after_surveys"]
    assert job.at is not None and job.at.hour >= 18
