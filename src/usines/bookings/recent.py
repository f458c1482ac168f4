"""What this process read lately about slots being booked (see rules.slot_facts) and
about their editions' calendars (rules.edition_calendar).

A rush books the same few thousand slots over and over; their audience, start, day,
window and host change rarely, and their edition's phases more rarely still. A change
made in this process forgets them at once (the receivers connected in apps.py); one
made elsewhere reaches this process within SLOT_FACTS_SECONDS. No model is imported
here, so that apps.py can connect them.
"""

from cachetools import TTLCache
from django.conf import settings

slots: TTLCache = TTLCache(maxsize=50_000, ttl=settings.SLOT_FACTS_SECONDS)
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
