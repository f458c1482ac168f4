"""The published sites of each edition as points in this process's memory, for
near-me by position (`queries.sites_within`).

A search by the visitor's position is the opening crowd's commonest read, and each
position is new, so no cache of answers helps it. The points of an edition (three
columns per site, one query) are kept for PUBLIC_READ_SECONDS; a site published,
withdrawn or moved in this process is seen at once (the receivers connected in
apps.py), one changed elsewhere within that time. No model is imported here, so that
apps.py can connect them.
"""

from cachetools import TTLCache
from django.conf import settings

# Saving or deleting one of these may move, add or remove a point.
SOURCES = ("factories.Participation", "factories.Site")

# Edition id -> its `queries.Points`; none kept when PUBLIC_READ_SECONDS is 0.
editions: TTLCache | None = (
    TTLCache(maxsize=16, ttl=settings.PUBLIC_READ_SECONDS)
    if settings.PUBLIC_READ_SECONDS > 0
    else None
)


def forget(**signal) -> None:
    """Drop the points this process keeps (a model in SOURCES was saved)."""
    if editions is not None:
        editions.clear()
