"""What this process keeps for the API's public reads: the current edition, and the
site rows of near-me (see `rows.near_answer`).

Each is kept for PUBLIC_READ_SECONDS; saving an edition, its days, a site, its
participation, visit or slots in this process forgets them at once (the receivers
connected in apps.py), and places taken by bookings show within that time. No model
is imported here, so that apps.py can connect them.
"""

from cachetools import TTLCache

from usines.factories import kept as factories_kept

# Saving or deleting one of these may change a row or the current edition.
SOURCES = ("editions.Edition", "editions.EditionDay", *factories_kept.SOURCES)

# "current" -> the edition now open, as `Edition.objects.current()` found it.
edition: TTLCache | None = factories_kept.public_read_cache(1)

# (participation id, language) -> the site's row with no filter on slots, as JSON
# without its closing brace (the distance is added per answer); none kept when
# PUBLIC_READ_SECONDS is 0.
rows: TTLCache | None = factories_kept.public_read_cache(20_000)


def forget(**signal) -> None:
    """Drop what this process keeps."""
    for kept in (edition, rows):
        if kept is not None:
            kept.clear()
