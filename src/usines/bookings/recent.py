"""What this process read lately about slots being booked (see rules.slot_facts) and
about their editions' calendars (rules.edition_calendar).

A rush books the same few thousand slots over and over; their audience, start, day,
window and host change rarely, and their edition's phases more rarely still. So a
process keeps them long (SLOT_FACTS_SECONDS, 300 s), and forgets them when one of
them changes:

- saving or deleting a model in SOURCES (the receivers connected in apps.py) forgets
  everything in this process at once, and, once the change is committed, writes a new
  *generation* in the shared cache (`changed`);
- every process compares that generation with the last one it saw at most every
  SLOT_FACTS_CHECK_SECONDS (1 s; `look_elsewhere`, one cache read), and forgets
  everything when it moved. A change saved in any process reaches them all within
  about a second, without each reading every slot again every few seconds;
- what changes without a signal (a bulk update, an edit in the database) reaches
  a process when its copy expires, within SLOT_FACTS_SECONDS.

Places are never decided from here: `capacity.take_places` decides them, and refuses
a slot cancelled meanwhile. No model is imported here, so that apps.py can connect
the receivers.
"""

import time
import uuid
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import TLRUCache, TTLCache
from django.conf import settings
from django.core.cache import cache
from django.db import transaction


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


# What the layers above keep on the same terms (ballots.recent): forgotten with the rest.
_also_forgotten: list[Callable[[], None]] = []

GENERATION_KEY = "usines:booking-facts-generation"
_UNSEEN = object()


class _Looked:
    generation: object = _UNSEEN
    next_look: float = float("-inf")


def also_forget(forget_them: Callable[[], None]) -> None:
    """Have `forget_them()` called whenever this module forgets everything."""
    _also_forgotten.append(forget_them)


def forget(slot_id: int | None = None) -> None:
    """Drop what this process remembers of a slot (all of them, every calendar and
    what registered with `also_forget`, without an id)."""
    if slot_id is not None:
        slots.pop(slot_id, None)
        return
    slots.clear()
    calendars.clear()
    for forget_them in _also_forgotten:
        forget_them()


def changed(**signal) -> None:
    """A model in SOURCES (or a ballot) was saved or deleted: forget everything here
    now, and tell the other processes once the change is committed (not before, or
    they could read the old rows again under the new generation)."""
    forget()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # One announcement per transaction, however many rows it saves.
        if not any(callback is announce for _, callback, _ in connection.run_on_commit):
            transaction.on_commit(announce)
    else:
        announce()


def announce() -> None:
    """Tell every process to forget what it keeps (a new generation in the shared
    cache): they do at their next look."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def look_elsewhere(timer: Callable[[], float] = time.monotonic) -> None:
    """Forget everything if another process announced a change since this one last
    looked; looks at most every SLOT_FACTS_CHECK_SECONDS."""
    now = timer()
    if now < _Looked.next_look:
        return
    _Looked.next_look = now + settings.SLOT_FACTS_CHECK_SECONDS
    generation = cache.get(GENERATION_KEY)
    if generation != _Looked.generation:
        forget()
        _Looked.generation = generation


def look_again() -> None:
    """Have the next `look_elsewhere` read the generation whatever the time (tests)."""
    _Looked.next_look = float("-inf")
