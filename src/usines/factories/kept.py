"""What this process keeps of the published sites for the public reads, for
PUBLIC_READ_SECONDS, as the API keeps its answers (`api.middleware.PublicReads`):

- `points`: each edition's published sites as points, for near-me by position
  (`queries.sites_within`). Each visitor's position is new, so no cache of answers
  helps it; the points of an edition are three columns per site, one query.
- `counters`: each edition's and territory's factories open and places left and
  booked (`queries.public_counters`), which every discovery page shows: at 10 000
  factories an aggregate over 90 000 slots, the same for every visitor.

Saving a site, its participation, visit or slots in this process forgets them at
once (the receivers connected in apps.py); places taken by bookings show within
that time. No model is imported here, so that apps.py can connect them.
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

from cachetools import TTLCache
from django.conf import settings

# Saving or deleting one of these may move, add or remove a point or change a count.
SOURCES = ("factories.Participation", "factories.Site", "factories.Visit", "factories.Slot")

Value = TypeVar("Value")


def public_read_cache(size: int) -> TTLCache | None:
    """A cache of `size` entries kept PUBLIC_READ_SECONDS; None when that is 0."""
    seconds = settings.PUBLIC_READ_SECONDS
    return TTLCache(maxsize=size, ttl=seconds) if seconds > 0 else None


def remembered(cache: TTLCache | None, key: Hashable, compute: Callable[[], Value]) -> Value:
    """The value `cache` keeps under `key`, else `compute()`, kept there."""
    value = cache.get(key) if cache is not None else None
    if value is None:
        value = compute()
        if cache is not None:
            cache[key] = value
    return value


# Edition id -> its `queries.Points`.
points: TTLCache | None = public_read_cache(16)
# (edition id, region code, department code) -> its `queries.EditionCounters`.
counters: TTLCache | None = public_read_cache(1_000)


def forget(**signal) -> None:
    """Drop what this process keeps (a model in SOURCES was saved)."""
    for kept in (points, counters):
        if kept is not None:
            kept.clear()
