"""The rows a booking writes, each with one statement built once: the booking (with the
e-mail address caps checked by the same INSERT) and its confirmation e-mail's task.

A booking is written by `services.save_booking` just after `capacity.take_places`
took its places, so the slot's row is locked and a new statement sees every
booking committed before. When the caps apply (public bookings), the row goes in
only if the address still holds few enough places on the slot and bookings on the
day (`rules.check_email_caps` says the same in words, and gives the refusal its
message); zero rows inserted means refused, and the caller rolls back.

The statements are written from the models' columns, the same on SQLite and
PostgreSQL (both return the new id); values go through each field's own conversion
to the database, as the ORM's save does. The ORM would build each statement anew
for every booking, and cannot add a condition to an INSERT. Only the models' own
table and column names are spliced into the SQL; every value is a parameter.
"""

from dataclasses import dataclass
from functools import cache

from django.db import connection
from django.db.models import Model, signals
from django_tasks import task_backends
from django_tasks.base import Task
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from usines.bookings.models import Booking, BookingStatus
from usines.factories.models import Slot


def _name(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def _insert(model: type[Model]) -> tuple[list, str, str]:
    """The fields written and the `INSERT INTO table (columns)` head of a model,
    plus its `RETURNING` clause when the primary key comes from the database."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.db_returning)]
    columns = ", ".join(_name(field.column) for field in fields)
    head = f"INSERT INTO {_name(model._meta.db_table)} ({columns})"
    pk = model._meta.pk
    returning = f" RETURNING {_name(pk.column)}" if pk.db_returning else ""
    return fields, head, returning


@cache
def _plain_insert(model: type[Model]) -> str:
    """`INSERT INTO table (columns) VALUES (%s, …)`, with its `RETURNING` clause."""
    fields, head, returning = _insert(model)
    return f"{head} VALUES ({', '.join(['%s'] * len(fields))}){returning}"


def _values(instance: Model, fields: list) -> list:
    return [field.get_db_prep_save(field.pre_save(instance, True), connection) for field in fields]


def _saved(instance: Model, row: tuple | None) -> None:
    if row is not None:
        instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias


@cache
def _capped_booking() -> str:
    fields, head, returning = _insert(Booking)
    booking, slot = _name(Booking._meta.db_table), _name(Slot._meta.db_table)
    values = ", ".join(["%s"] * len(fields))
    held = (
        f"SELECT COALESCE(SUM(CASE WHEN b.{_name('slot_id')} = %s "  # noqa: S608  # nosec B608
        f"THEN b.{_name('party_size')} ELSE 0 END), 0) AS on_slot, COUNT(*) AS on_day "
        f"FROM {booking} b JOIN {slot} s ON s.{_name('id')} = b.{_name('slot_id')} "
        f"WHERE b.{_name('email')} = %s AND b.{_name('status')} = %s "
        f"AND s.{_name('day_id')} = %s"
    )
    return (
        f"{head} SELECT {values} FROM ({held}) held "  # noqa: S608  # nosec B608
        f"WHERE held.on_slot + %s <= %s AND held.on_day < %s{returning}"
    )


@dataclass(frozen=True)
class EmailCaps:
    """The edition's caps on what one address holds (see rules.check_email_caps)."""

    places_per_slot: int
    bookings_per_day: int


def insert_booking(booking: Booking, caps: EmailCaps | None = None) -> bool:
    """Write `booking` (unsaved, its slot set) and give it its id; with `caps`, only
    if its address stays within them. False when the caps refused it."""
    fields = _insert(Booking)[0]
    params = _values(booking, fields)
    if caps is None:
        sql = _plain_insert(Booking)
    else:
        sql = _capped_booking()
        params += [booking.slot_id, booking.email, BookingStatus.CONFIRMED, booking.slot.day_id]
        params += [booking.party_size, caps.places_per_slot, caps.bookings_per_day]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    _saved(booking, row)
    return True


def _task_row(task: Task, args: list) -> DBTaskResult:
    """The row `task.enqueue(*args)` would write, as the database backend builds it."""
    row = DBTaskResult(
        args_kwargs=normalize_json({"args": args, "kwargs": {}}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after,
        backend_name=task.backend,
    )
    # What the model's save would announce: the backend sets the run date here.
    signals.pre_save.send(
        DBTaskResult, instance=row, raw=False, using=connection.alias, update_fields=None
    )
    return row


# Fields of a task's row that differ from one enqueueing to the next.
PER_RUN = ("id", "enqueued_at", "args_kwargs")


@cache
def _task_template(task: Task) -> tuple[str, list, list[int]]:
    """The INSERT of a task's rows, the values every row of it shares, and where the
    values of PER_RUN go."""
    fields = _insert(DBTaskResult)[0]
    shared = _values(_task_row(task, []), fields)
    per_run = [index for index, field in enumerate(fields) if field.name in PER_RUN]
    return _plain_insert(DBTaskResult), shared, per_run


def enqueue(task: Task, *args) -> None:
    """`task.enqueue(*args)` in the current transaction, written with a prebuilt
    INSERT when the tasks go to the database (as the booking path's do): only the
    row's id, time and arguments are converted anew. Any other backend enqueues as
    usual."""
    backend = task_backends[task.backend]
    if type(backend) is not DatabaseBackend or backend.id_function is not None:
        task.enqueue(*args)
        return
    sql, shared, per_run = _task_template(task)
    fields = _insert(DBTaskResult)[0]
    row = DBTaskResult(args_kwargs=normalize_json({"args": list(args), "kwargs": {}}))
    params = list(shared)
    for index in per_run:
        field = fields[index]
        params[index] = field.get_db_prep_save(field.pre_save(row, True), connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
