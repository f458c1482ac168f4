"""What this process read lately about which slots are in a ballot (queries.
pending_ballot_id): the booking path asks at every booking. Saving or deleting a
ballot in this process forgets it at once (the receivers connected in apps.py); one
saved elsewhere reaches this process within SLOT_FACTS_SECONDS. No model is imported
here, so that apps.py can connect them."""

from cachetools import TLRUCache
from django.conf import settings

from usines.bookings.recent import staggered_cache

# (edition, visit, audience) → the id of the ballot not drawn yet, or None.
pending: TLRUCache = staggered_cache(
    50_000, settings.SLOT_FACTS_SECONDS, lambda key, ballot_id: key[1]
)


def forget(**signal) -> None:
    pending.clear()
