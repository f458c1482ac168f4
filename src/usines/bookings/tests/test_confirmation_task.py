"""The confirmation e-mail's task is written in the booking's own transaction: a
process that dies right after the commit, before answering, still has it sent,
once; a booking that fails leaves no task behind."""

import os

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections
from django_tasks_db.models import DBTaskResult

from usines.bookings.exceptions import SlotFull
from usines.bookings.models import Booking
from usines.bookings.services import Contact, book_visit
from usines.testsupport import SlotFactory


def _book_then_die(slot_id: int) -> None:
    """In a child process: book, and stop dead the instant the database has
    committed, as a killed worker would: no answer, no on-commit hook, nothing."""
    connections.close_all()
    connection = connections["default"]
    commit = connection._commit

    def commit_then_die():
        commit()
        os._exit(0)

    connection._commit = commit_then_die
    try:
        book_visit(slot_id, 2, Contact("Ana", "ana@example.org", "74300"), "crash-key-1")
    finally:
        os._exit(0)


@pytest.mark.django_db(transaction=True)
def test_a_crash_right_after_the_commit_still_sends_the_confirmation_once(monkeypatch):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    slot = SlotFactory(capacity=10)
    connections.close_all()
    child = os.fork()
    if child == 0:
        _book_then_die(slot.pk)
    os.waitpid(child, 0)

    booking = Booking.objects.get(idempotency_key="crash-key-1")
    assert DBTaskResult.objects.filter(task_path__endswith="send_booking_confirmed").count() == 1
    call_command("db_worker", batch=True, verbosity=0)
    call_command("db_worker", batch=True, verbosity=0)  # a second worker pass sends nothing

    confirmations = [m for m in mail.outbox if booking.checkin_code in m.body]
    assert len(confirmations) == 1
    assert confirmations[0].to == ["ana@example.org"]


def test_a_refused_booking_leaves_no_email_task(slot):
    slot.capacity = 1
    slot.save()

    with pytest.raises(SlotFull):
        book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300"))

    assert not DBTaskResult.objects.exists()
    assert not Booking.objects.exists()
