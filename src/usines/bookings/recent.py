"""What this process read lately about slots being booked (see rules.slot_facts) and
about their editions' calendars (rules.edition_calendar).

A rush books the same few thousand slots over and over; their audience, start, day,
window and host change rarely, and their edition's phases more rarely still. A change
made in this process forgets them at once (the receivers connected in apps.py); one
made elsewhere reaches this process within SLOT_FACTS_SECONDS. No model is imported
here, so that apps.py can connect them.
"""

import time
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import TLRUCache, TTLCache
from django.conf import settings


def staggered_cache(
    maxsize: int,
    seconds: float,
    group: Callable[[Hashable, Any], int],
    timer: Callable[[], float] = time.monotonic,
) -> TLRUCache:
    """A cache whose entries are kept between half of `seconds` and `seconds`: the
    same time for the entries of one group (`group(key, value)`, a visit), spread
    over that range across groups. A rush reads every visit it books in its first
    seconds; with one lifetime for all, every process would read them all again at
    once, `seconds` later, and again after that."""

    def expiry(key: Hashable, value: Any, now: float) -> float:
        share = (group(key, value) * 2654435761) % 2**32 / 2**32  # spread evenly over [0, 1)
        return now + seconds * (1 + share) / 2

    return TLRUCache(maxsize=maxsize, ttu=expiry, timer=timer)


slots: TLRUCache = staggered_cache(
    50_000, settings.SLOT_FACTS_SECONDS, lambda slot_id, slot: slot.visit_id
)
calendars: TTLCache = TTLCache(maxsize=100, ttl=settings.SLOT_FACTS_SECONDS)

# Saving one of these may change what the booking rules read about a slot.
SOURCES = (
    "factories.Slot",
    "factories.Visit",
    "factories.Participation",
    "factories.Site",
    "editions.EditionDay",
    "editions.Edition",
    "editions.Phase",
)


def forget(slot_id: int | None = None, **signal) -> None:
    """Drop what this process remembers of a slot (all of them, and every calendar,
    without an id, as when a model in SOURCES is saved)."""
    if slot_id is None:
        slots.clear()
        calendars.clear()
    else:
        slots.pop(slot_id, None)
