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

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Model, signals
from django_tasks import task_backends
from django_tasks.base import Task
from django_tasks.utils import normalize_json
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from usines.bookings import capacity
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


@cache
def _conversions(model: type[Model]) -> list[tuple]:
    """Each field written of `model`, and whether it writes None as NULL: then a None
    needs no conversion, which is most of a new booking's columns."""
    return [
        (field, field.get_db_prep_save(None, connection) is None) for field in _insert(model)[0]
    ]


def _values(instance, model: type[Model]) -> list:
    """The values of `instance`'s columns (in `_insert(model)`'s order), each through
    its field's own conversion to the database, as the ORM's save does. `instance`
    is a `model`, or anything with the attributes its fields read."""
    database = connections[DEFAULT_DB_ALIAS]  # the real connection, not its proxy
    values = []
    for field, none_is_null in _conversions(model):
        value = field.pre_save(instance, True)
        values.append(
            None if value is None and none_is_null else field.get_db_prep_save(value, database)
        )
    return values


def _saved(instance: Model, row: tuple | None) -> None:
    if row is not None:
        instance.pk = row[0]
    instance._state.adding = False
    instance._state.db = connection.alias


def _held() -> str:
    """What one address holds on the day of a slot: its places on the slot and its
    bookings on the day (parameters: slot, e-mail, confirmed status, day)."""
    booking, slot = _name(Booking._meta.db_table), _name(Slot._meta.db_table)
    return (
        f"SELECT COALESCE(SUM(CASE WHEN b.{_name('slot_id')} = %s "  # noqa: S608  # nosec B608
        f"THEN b.{_name('party_size')} ELSE 0 END), 0) AS on_slot, COUNT(*) AS on_day "
        f"FROM {booking} b JOIN {slot} s ON s.{_name('id')} = b.{_name('slot_id')} "
        f"WHERE b.{_name('email')} = %s AND b.{_name('status')} = %s "
        f"AND s.{_name('day_id')} = %s"
    )


@cache
def _capped_booking() -> str:
    fields, head, returning = _insert(Booking)
    values = ", ".join(["%s"] * len(fields))
    return (
        f"{head} SELECT {values} FROM ({_held()}) held "  # noqa: S608  # nosec B608
        f"WHERE held.on_slot + %s <= %s AND held.on_day < %s{returning}"
    )


@dataclass(frozen=True)
class EmailCaps:
    """The edition's caps on what one address holds (see rules.check_email_caps)."""

    places_per_slot: int
    bookings_per_day: int

    def within(self, booking: Booking) -> list:
        """The parameters of `held.on_slot + %s <= %s AND held.on_day < %s`."""
        return [booking.party_size, self.places_per_slot, self.bookings_per_day]


def _held_params(booking: Booking) -> list:
    return [booking.slot_id, booking.email, BookingStatus.CONFIRMED, booking.slot.day_id]


def insert_booking(booking: Booking, caps: EmailCaps | None = None) -> bool:
    """Write `booking` (unsaved, its slot set) and give it its id; with `caps`, only
    if its address stays within them. False when the caps refused it."""
    params = _values(booking, Booking)
    if caps is None:
        sql = _plain_insert(Booking)
    else:
        sql = _capped_booking()
        params += _held_params(booking) + caps.within(booking)
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
    shared = _values(_task_row(task, []), DBTaskResult)
    per_run = [index for index, field in enumerate(fields) if field.name in PER_RUN]
    return _plain_insert(DBTaskResult), shared, per_run


def _task_params(task: Task, args: list) -> list:
    """The values of the row that enqueues `task` with `args`: the shared ones as
    converted once, the PER_RUN ones converted now: the id from its field's default,
    the time from the field's own `pre_save`, the arguments as the model holds them.
    No model instance is built: it would compute every other field's default too."""
    _sql, shared, per_run = _task_template(task)
    fields = _insert(DBTaskResult)[0]
    database = connections[DEFAULT_DB_ALIAS]
    row = SimpleNamespace(args_kwargs=normalize_json({"args": args, "kwargs": {}}))
    params = list(shared)
    for index in per_run:
        field = fields[index]
        if not hasattr(row, field.attname):
            setattr(row, field.attname, field.get_default())
        params[index] = field.get_db_prep_save(field.pre_save(row, True), database)
    return params


def _to_database(task: Task) -> bool:
    """Whether `task` is enqueued as a row of the database backend's table with the
    model's own ids (as the booking path's tasks are), so that its INSERT can be
    written here. (The backend sets its id function to the model's default on its
    first enqueue.)"""
    backend = task_backends[task.backend]
    return type(backend) is DatabaseBackend and backend.id_function in (
        None,
        DBTaskResult._meta.pk.default,
    )


def enqueue(task: Task, *args) -> None:
    """`task.enqueue(*args)` in the current transaction, written with a prebuilt
    INSERT when the tasks go to the database (as the booking path's do): only the
    row's id, time and arguments are converted anew. Any other backend enqueues as
    usual."""
    if not _to_database(task):
        task.enqueue(*args)
        return
    with connection.cursor() as cursor:
        cursor.execute(_task_template(task)[0], _task_params(task, list(args)))


# --- The whole booking in one statement (PostgreSQL) ------------------------------
#
# On PostgreSQL a public booking is one round trip to the database: one query
# message holding two statements, which the server runs as one transaction
# (implicitly, outside a transaction block; inside one, within it):
#
#   SELECT pg_advisory_xact_lock(BOOKINGS_LOCK, <the e-mail address's hash>);
#   WITH taken AS (<capacity.TAKE_PLACES> AND <the address's caps> RETURNING id),
#        booking AS (INSERT INTO booking … SELECT … FROM taken RETURNING id),
#        task AS (INSERT INTO task … SELECT … FROM booking)
#   SELECT id FROM booking
#
# The places are taken only if they fit and the address stays within its caps; the
# booking goes in only with its places, its confirmation task only with the booking;
# all or nothing. The lock serialises the bookings of one address (of any slot) for
# the rest of the transaction, so that the second statement, which reads its own
# snapshot once the lock is held, sees every booking that address made before: the
# caps stay exact when one address books twice at once. Unrelated addresses
# sharing a hash only wait for each other.
#
# The statement is prepared once per database connection (PREPARE, then EXECUTE
# with the values): planning it would cost the server more than running it. Behind
# PgBouncer in transaction mode (DATABASE_POOLED=1) a connection's prepared
# statements are not its own: the statement is then sent whole each time.
#
# SQLite has no data-modifying WITH, and the server-side binding of
# DATABASE_PREPARED=1 takes one statement a query: both write the same rows with one
# statement each, in a transaction (services.save_booking).

# The advisory locks' first key: the bookings of one address.
BOOKINGS_LOCK = 7304


def one_statement(task: Task) -> bool:
    """Whether this database writes a booking and its `task` in one statement (see
    above)."""
    return (
        connection.vendor == "postgresql"
        and not connection.settings_dict["OPTIONS"].get("server_side_binding")
        and _to_database(task)
    )


def address_lock_key(email: str) -> int:
    """The address's key for the advisory lock: 32 bits of its hash, signed."""
    digest = hashlib.blake2b(email.encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big", signed=True)


@cache
def _booking_statement(task: Task, capped: bool) -> str:
    fields, head, _returning = _insert(Booking)
    task_head = _insert(DBTaskResult)[1]
    pk = _name(Booking._meta.pk.column)
    taken = capacity.TAKE_PLACES
    if capped:
        within = "held.on_slot + %s <= %s AND held.on_day < %s"
        taken += f" AND (SELECT {within} FROM ({_held()}) held)"  # noqa: S608  # nosec B608
    return (
        f"WITH taken AS ({taken} RETURNING {_name(Slot._meta.pk.column)}), "  # noqa: S608  # nosec B608
        f"booking AS ({head} SELECT {', '.join(['%s'] * len(fields))} FROM taken "
        f"RETURNING {pk}), "
        f"task AS ({task_head} SELECT {', '.join(['%s'] * len(_task_template(task)[1]))} "
        f"FROM booking) "
        f"SELECT {pk} FROM booking"
    )


@cache
def _prepared_name(statement: str) -> str:
    return "usines_" + hashlib.blake2b(statement.encode(), digest_size=8).hexdigest()


def _execute_prepared(cursor, statement: str, count: int) -> str:
    """`EXECUTE name(%s, …)` of `statement` (whose %s become $1…), prepared first if
    this connection has not prepared it yet; the statement itself when connections
    are pooled."""
    if connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):  # DATABASE_POOLED
        return statement
    name = _prepared_name(statement)
    server = connection.connection  # a new connection has prepared nothing
    prepared = server.__dict__.setdefault("usines_prepared", set())
    if name not in prepared:
        numbered = iter(range(1, count + 1))
        body = re.sub("%s", lambda _match: f"${next(numbered)}", statement)
        cursor.execute(f"PREPARE {name} AS {body}")
        prepared.add(name)
    return f"EXECUTE {name}({', '.join(['%s'] * count)})"


def book_in_one_statement(booking: Booking, caps: EmailCaps | None, task: Task) -> bool:
    """Take the places of `booking` (unsaved, its slot, places and fields set), write
    it and its `task(booking.token)` in one statement, and give it its id. False when
    nothing was written: the slot is full or no longer offered, or the caps refused
    the address. Only where `one_statement(task)`."""
    params = [booking.party_size, booking.slot_id, booking.party_size]
    if caps is not None:
        params += caps.within(booking) + _held_params(booking)
    params += _values(booking, Booking) + _task_params(task, [booking.token])
    with connection.cursor() as cursor:
        query = _execute_prepared(cursor, _booking_statement(task, caps is not None), len(params))
        if caps is not None:
            query = "SELECT pg_advisory_xact_lock(%s, %s); " + query
            params = [BOOKINGS_LOCK, address_lock_key(booking.email)] + params
        cursor.execute(query, params)
        if caps is not None:
            cursor.nextset()
        row = cursor.fetchone()
    if row is None:
        return False
    _saved(booking, row)
    return True
