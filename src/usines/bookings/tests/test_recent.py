"""What a process remembers of the slots being booked is read again a visit at a
time, not all at once: a rush reads every visit in its first seconds."""

from itertools import pairwise

from usines.bookings.recent import staggered_cache

SECONDS = 30


def test_a_visits_facts_are_kept_together_and_visits_are_read_again_at_different_times():
    clock = [0.0]
    cache = staggered_cache(10_000, SECONDS, lambda key, visit: visit, timer=lambda: clock[0])
    visits = range(1, 201)
    for visit in visits:  # loaded in the same instant, as at the opening of bookings
        for slot in range(10):
            cache[(visit, slot)] = visit

    kept_over_time = []
    for tenth in range(0, 11):
        clock[0] = SECONDS * (0.5 + tenth / 20)
        kept = [visit for visit in visits if (visit, 0) in cache]
        # A visit's slots are kept, or read again, together.
        assert all(
            ((visit, slot) in cache) == (visit in kept) for visit in visits for slot in range(10)
        )
        kept_over_time.append(len(kept))

    assert kept_over_time[0] == len(visits)  # none before half the time
    assert kept_over_time[-1] == 0  # none after the whole time
    # In between, visits leave a few at a time: no tenth of the time takes more than a quarter.
    departures = [before - after for before, after in pairwise(kept_over_time)]
    assert max(departures) <= len(visits) // 4
    assert sum(1 for gone in departures if gone) >= 8
