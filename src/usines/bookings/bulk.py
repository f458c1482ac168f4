"""Bulk loading for the demo and the benchmarks: rows written in batches, counters
recomputed through capacity.py.

What services.py does one booking at a time, checked and under the slot's lock,
these functions do for thousands of rows at once and unchecked: they fill a
database that nobody else is writing to (a demo edition, a benchmark's data),
never answer a visitor. Rows go in with one INSERT per batch and the slots'
counters are left alone; `recount_slots`, called once when a load is over, sets
them from the rows (`capacity.recount_places`).
"""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Min, QuerySet

from usines.bookings.capacity import recount_places
from usines.bookings.models import Booking, WaitlistEntry
from usines.editions.models import Edition, EditionDay
from usines.factories.models import Slot

BATCH_SIZE = 5000


def load_bookings(rows: Iterable[dict[str, Any]], batch_size: int = BATCH_SIZE) -> int:
    """Insert one booking per dict of field values (`slot_id`, `party_size`, `name`,
    …; tokens and check-in codes are drawn as usual); returns how many."""
    bookings = [Booking(**fields) for fields in rows]
    return len(Booking.objects.bulk_create(bookings, batch_size=batch_size))


def load_waitlist(rows: Iterable[dict[str, Any]], batch_size: int = BATCH_SIZE) -> int:
    """Insert one waiting-list entry per dict of field values; returns how many."""
    entries = [WaitlistEntry(**fields) for fields in rows]
    return len(WaitlistEntry.objects.bulk_create(entries, batch_size=batch_size))


def recount_slots(slot_ids: Iterable[int], batch_size: int = BATCH_SIZE) -> None:
    """Set the slots' `booked` and `held` from their bookings and entries, once the
    rows are in."""
    recount_places(slot_ids, batch_size)


def date_bookings(
    edition: Edition, moment: Callable[[EditionDay, float], datetime], steps: int = 40
) -> None:
    """Set when the edition's bookings were made, in `steps` UPDATEs per day.

    The bookings, in order of id, are cut into `steps` bands of equal width; those of
    band i made for a slot of `day` get `moment(day, i / steps)`. Ids follow the
    order of loading, so the dates follow it too.
    """
    bounds = Booking.objects.filter(slot__day__edition=edition).aggregate(
        low=Min("pk"), high=Max("pk")
    )
    if bounds["low"] is None:
        return
    width = (bounds["high"] - bounds["low"]) // steps + 1
    for day in edition.days.all():
        slots = Slot.objects.filter(day=day).values("pk")  # a subquery, not a join
        for step in range(steps):
            low = bounds["low"] + step * width
            Booking.objects.filter(slot_id__in=slots, pk__gte=low, pk__lt=low + width).update(
                created_at=moment(day, step / steps)
            )


@transaction.atomic
def delete_slot_bookings(slots: QuerySet[Slot], batch_size: int = BATCH_SIZE) -> None:
    """Delete every booking and waiting-list entry of `slots`, then recount the slots.

    Entries go first, as they may point at a booking. Bookings go by ranges of ids,
    at most `batch_size` at a time: Django clears what points at each deleted
    booking with one statement per call, which must stay within the database's
    limit on query parameters.
    """
    WaitlistEntry.objects.filter(slot__in=slots).delete()
    bookings = Booking.objects.filter(slot__in=slots)
    bounds = bookings.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is not None:
        for low in range(bounds["low"], bounds["high"] + 1, batch_size):
            bookings.filter(pk__gte=low, pk__lt=low + batch_size).delete()
    recount_slots(slots.values_list("pk", flat=True))
