"""The one place that changes a slot's counters. Why a slot can never be oversold:

Each change is a single conditional UPDATE of the slot's row, evaluated by the
database against the row's current value:

    UPDATE slot SET booked = booked + n WHERE id = … AND booked + n <= capacity

Zero rows updated means the places are not there. The database serialises updates
of one row (a row lock on PostgreSQL, the single writer lock on SQLite, taken at
BEGIN because transactions are IMMEDIATE), so two processes can never both see the
last place as free, whatever the number of processes or machines. A CHECK
constraint (`booked <= capacity`) backs it up. Every caller runs inside the
transaction that writes the booking, so a failure afterwards rolls the counter back
with it.

`booked` counts confirmed places, `held` places (those reserved for a pending
waiting-list offer) and the places of walk-ins let in on released places; so at
every commit:

    booked == sum(confirmed bookings' party_size) + held + sum(slot's walk-ins' count)
    held   == sum(offered waiting-list entries' party_size)

A released booking (a no-show, see release.py) gave its places back with
`release_places`; its late check-in takes them again with `take_places`, the same
conditional UPDATE as a booking, so it succeeds only while nobody else took them.

Lock order, to avoid deadlocks on PostgreSQL: the slot row first (by the first
UPDATE, or by `lock_slot`), then its bookings and waiting-list entries.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import F, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus, WalkIn
from usines.factories.models import Slot


def _column(name: str) -> str:
    return connection.ops.quote_name(Slot._meta.get_field(name).column)


# The booking path's one write to the slot, written once as SQL (the same on SQLite
# and PostgreSQL): the ORM would build this statement anew for every booking. Only
# the model's own table and column names are spliced in; values are parameters. On
# PostgreSQL a public booking runs it as the first step of its one statement, with
# the address's caps as one more condition (records.book_in_one_statement).
TAKE_PLACES = (
    f"UPDATE {connection.ops.quote_name(Slot._meta.db_table)} "  # noqa: S608  # nosec B608
    f"SET {_column('booked')} = {_column('booked')} + %s "
    f"WHERE {_column('id')} = %s AND NOT {_column('is_cancelled')} "
    f"AND {_column('booked')} <= {_column('capacity')} - %s"
)


def take_places(slot_id: int, places: int) -> bool:
    """Add `places` confirmed places if they fit on a slot still offered; False when
    the slot is full or cancelled."""
    with connection.cursor() as cursor:
        cursor.execute(TAKE_PLACES, [places, slot_id, places])
        return cursor.rowcount == 1


def release_places(slot_id: int, places: int) -> None:
    """Give back `places` confirmed places."""
    Slot.objects.filter(pk=slot_id).update(booked=F("booked") - places)


def hold_places(slot_id: int, places: int) -> bool:
    """Reserve `places` for a waiting-list offer if they fit."""
    return bool(
        Slot.objects.filter(pk=slot_id, booked__lte=F("capacity") - places).update(
            booked=F("booked") + places, held=F("held") + places
        )
    )


def confirm_held_places(slot_id: int, places: int) -> None:
    """An accepted offer: its held places become confirmed ones (booked unchanged)."""
    Slot.objects.filter(pk=slot_id).update(held=F("held") - places)


def release_held_places(slot_id: int, places: int) -> None:
    """An offer expired or was declined: its held places are free again."""
    Slot.objects.filter(pk=slot_id).update(booked=F("booked") - places, held=F("held") - places)


def lock_slot(slot_id: int) -> Slot:
    """Take the slot's row lock (a no-op on SQLite, whose transactions already hold
    the writer lock) and return the row as it is now."""
    return Slot.objects.select_for_update().get(pk=slot_id)


def cancel_slot_places(slot_id: int) -> bool:
    """Mark a slot cancelled and free every place on it (its bookings and offers are
    cancelled in the same transaction); False when it was cancelled already."""
    return bool(
        Slot.objects.filter(pk=slot_id, is_cancelled=False).update(
            is_cancelled=True, booked=0, held=0
        )
    )


def set_capacity(slot_id: int, capacity: int) -> bool:
    """Set a slot's capacity if it still holds the places taken; False otherwise."""
    return bool(Slot.objects.filter(pk=slot_id, booked__lte=capacity).update(capacity=capacity))


def recount_places(slot_ids: Iterable[int], batch_size: int = 5000) -> None:
    """Bulk loading only: set each slot's `held` and `booked` from its rows, as the
    invariant above states them, with one UPDATE per `batch_size` slots.

    Unlike the functions above it neither checks nor serialises anything against
    other writers, so it runs only while nothing else books these slots (a demo or
    benchmark database being filled, see bulk.py). The CHECK constraint still
    refuses a slot whose rows exceed its capacity.
    """

    def places(rows, status):
        total = (
            rows.objects.filter(slot=OuterRef("pk"), status=status)
            .order_by()
            .values("slot")
            .annotate(total=Sum("party_size"))
            .values("total")
        )
        return Coalesce(Subquery(total), 0, output_field=IntegerField())

    held = places(WaitlistEntry, WaitlistStatus.OFFERED)
    walk_ins = Coalesce(
        Subquery(
            WalkIn.objects.filter(slot=OuterRef("pk"))
            .order_by()
            .values("slot")
            .annotate(total=Sum("count"))
            .values("total")
        ),
        0,
        output_field=IntegerField(),
    )
    booked = places(Booking, BookingStatus.CONFIRMED) + held + walk_ins
    ids = list(slot_ids)
    for start in range(0, len(ids), batch_size):
        Slot.objects.filter(pk__in=ids[start : start + batch_size]).update(held=held, booked=booked)
