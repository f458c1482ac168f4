"""What a process remembers of the slots being booked is read again a visit at a
time, not all at once (a rush reads every visit in its first seconds), and as soon as
any process saves a change to it (within the check interval)."""

import functools
import multiprocessing
import time
from itertools import pairwise

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from usines.ballots import recent as ballots_recent
from usines.bookings import recent
from usines.bookings.models import FactsChange
from usines.bookings.recent import staggered_cache
from usines.bookings.rules import slot_facts
from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.testsupport import SlotFactory

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


CHECK_SECONDS = 0.2


def _keep_then_read_again(slot_id: int, from_parent, to_parent) -> None:
    """A serving process: keep the slot's facts, then after each change the parent
    makes, wait a little more than the check interval and say what it books on."""
    connections.close_all()
    try:
        slot_facts(slot_id)
        for _ in range(2):
            to_parent.put("kept")
            assert from_parent.get(timeout=30) == "changed"
            time.sleep(CHECK_SECONDS * 3)
            to_parent.put(slot_facts(slot_id).audience)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_slot_saved_in_one_process_is_read_again_by_the_others_within_the_check(settings):
    settings.SLOT_FACTS_CHECK_SECONDS = CHECK_SECONDS
    settings.SLOT_FACTS_SECONDS = 600
    slot = SlotFactory()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    to_child, from_child = context.Queue(), context.Queue()
    child = context.Process(target=_keep_then_read_again, args=(slot.pk, to_child, from_child))
    child.start()
    try:
        # Changed behind the application's back (no save, nothing announced): the
        # other process books on what it keeps.
        assert from_child.get(timeout=30) == "kept"
        Slot.objects.filter(pk=slot.pk).update(audience=Audience.SCHOOL)
        to_child.put("changed")
        assert from_child.get(timeout=30) == Audience.PUBLIC

        # Saved through the application: announced at the commit, read again there.
        assert from_child.get(timeout=30) == "kept"
        slot.audience = Audience.SCHOOL
        slot.save()
        to_child.put("changed")
        assert from_child.get(timeout=30) == Audience.SCHOOL
    finally:
        child.join(timeout=30)


@pytest.mark.django_db
def test_a_change_is_told_once_per_transaction_and_target_and_only_once_committed(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        slot = SlotFactory()
        elsewhere = SlotFactory(day=slot.day)  # another site's visit
    FactsChange.objects.all().delete()

    with django_capture_on_commit_callbacks() as callbacks:
        slot.capacity = 12
        slot.save()
        slot.visit.save()
        elsewhere.save()
        assert not FactsChange.objects.exists()
    assert len(callbacks) == 1

    callbacks[0]()  # what the commit runs

    assert sorted(FactsChange.objects.values_list("scope", "target")) == sorted(
        [("visit", slot.visit_id), ("visit", elsewhere.visit_id)]
    )


@pytest.mark.django_db
def test_a_process_forgets_what_the_others_changed_at_its_first_look_after(settings):
    settings.SLOT_FACTS_CHECK_SECONDS = 1
    slot = SlotFactory()
    elsewhere = SlotFactory(day=slot.day)
    clock = [time.monotonic() + 60]  # ahead of the booking path's own looks
    look = functools.partial(recent.look_elsewhere, timer=lambda: clock[0])
    look()
    slot_facts(slot.pk)
    slot_facts(elsewhere.pk)
    ballot_key = (slot.day.edition_id, slot.visit_id, slot.audience)
    ballots_recent.pending[ballot_key] = None

    # What other processes write once their changes are committed.
    FactsChange.objects.create(scope="visit", target=slot.visit_id)
    clock[0] += 0.9
    with CaptureQueriesContext(connection) as within:
        look()
    assert not within.captured_queries  # no read within the second
    assert slot.pk in recent.slots

    clock[0] += 0.2
    look()
    assert slot.pk not in recent.slots
    assert elsewhere.pk in recent.slots  # another visit: kept
    assert ballot_key in ballots_recent.pending

    FactsChange.objects.create(scope="ballots")
    clock[0] += 1.1
    look()
    assert not ballots_recent.pending
    assert elsewhere.pk in recent.slots

    FactsChange.objects.create(scope="site", target=elsewhere.visit.participation.site_id)
    clock[0] += 1.1
    look()
    assert elsewhere.pk not in recent.slots
