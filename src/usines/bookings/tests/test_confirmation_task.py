"""The confirmation e-mail's task is written in the booking's own transaction: a
process that dies right after the commit, before answering, still has it sent,
once; a booking that fails leaves no task behind."""

import os

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from usines.bookings import services, tasks
from usines.bookings.exceptions import SlotFull
from usines.bookings.models import Booking
from usines.bookings.services import Contact, book_visit
from usines.testsupport import SlotFactory, statements_sent


def _book_then_die(slot_id: int) -> None:
    """In a child process: book, and stop dead the instant the booking is written
    (committed, by its own statement on PostgreSQL or by the transaction's COMMIT on
    SQLite) and before anything answers, as a killed worker would: no answer, no
    on-commit hook, nothing."""
    connections.close_all()

    def die(*args, **kwargs):
        assert not connections["default"].in_atomic_block  # the write is committed
        os._exit(0)

    services.BookingResult = die
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


def test_a_booking_is_still_one_statement_after_other_tasks_were_enqueued(slot):
    # The database backend changes its own state on its first enqueue: the booking
    # path must keep writing its task itself, with the booking, after that.
    tasks.send_booking_cancelled.enqueue(1)
    with CaptureQueriesContext(connection) as queries:
        book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300"))

    sent = statements_sent(queries.captured_queries)
    writes = [sql for sql in sent if "dbtaskresult" in sql]
    assert len(writes) == 1
    if connection.vendor == "postgresql":  # places, booking and task: one statement
        assert "factories_slot" in writes[0] and "bookings_booking" in writes[0]
    assert DBTaskResult.objects.filter(task_path__endswith="send_booking_confirmed").count() == 1


def test_the_booking_writes_the_task_row_the_task_queue_would(slot):
    """The booking path writes its confirmation task itself, in its own statement:
    the row is the one `enqueue` writes, but for its own id and time."""
    before = timezone.now()
    booking = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300")).booking
    tasks.send_booking_confirmed.enqueue(booking.token)

    written, enqueued = DBTaskResult.objects.order_by("enqueued_at")
    assert written.id != enqueued.id
    assert before <= written.enqueued_at <= enqueued.enqueued_at
    columns = [f.attname for f in DBTaskResult._meta.concrete_fields]
    same = [name for name in columns if name not in ("id", "enqueued_at")]
    assert {name: getattr(written, name) for name in same} == {
        name: getattr(enqueued, name) for name in same
    }
    assert written.args_kwargs == {"args": [booking.token], "kwargs": {}}
