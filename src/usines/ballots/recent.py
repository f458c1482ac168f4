"""What this process read lately about which slots are in a ballot (queries.
pending_ballot_id): the booking path asks at every booking. It is kept and forgotten
with the slot facts (bookings.recent): saving or deleting a ballot, here or in another
process (the receivers connected in apps.py), forgets it within about a second."""

from cachetools import TLRUCache
from django.conf import settings

from usines.bookings.recent import also_forget, staggered_cache

# (edition, visit, audience) → the id of the ballot not drawn yet, or None.
pending: TLRUCache = staggered_cache(
    50_000, settings.SLOT_FACTS_SECONDS, lambda key, ballot_id: key[1]
)


also_forget(pending.clear)
