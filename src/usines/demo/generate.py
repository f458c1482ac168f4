"""A realistic, visibly fictitious national edition for demonstrations and benchmarks.

Deterministic for a given seed: the same factories, slots and bookings every time
(only secret tokens differ), as every step draws from one random generator in a
fixed order. Sites sit at real communes (sites.py), visitors book them (visitors.py),
classes come from schools nearby (classes.py), partner networks canvass
(outreach.py), and last year's edition gives the goal curve its comparison
(previous.py). Everything is written in bulk so that 10 000 factories and
1 000 000 bookings take minutes.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from usines.bookings.bulk import delete_slot_bookings
from usines.demo.ballots import create_demo_ballots
from usines.demo.classes import request_coaches
from usines.demo.edition import create_edition, create_targets
from usines.demo.mailinglist import generate_demo_subscriptions
from usines.demo.outreach import generate_demo_outreach
from usines.demo.previous import create_previous_edition
from usines.demo.sites import (
    create_sites,
    create_slots,
    date_registrations,
    hold_for_moderation,
    open_visits,
)
from usines.demo.surveys import delete_demo_surveys, generate_demo_surveys
from usines.demo.visitors import fill_slots
from usines.demo.vocabulary import BATCH
from usines.editions.models import Edition
from usines.factories.models import Company, Participation, Site, Slot
from usines.outreach.models import Prospect
from usines.schools.models import ClassGroup

DEMO_SLUG_PREFIX = "demo-"


@dataclass
class DemoReport:
    edition: Edition
    factories: int
    slots: int
    bookings: int
    waitlisted: int


def generate_demo(
    factories: int = 300,
    bookings: int = 20_000,
    seed: int = 2026,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoReport:
    """Build a published demo edition; raises if one already exists (see the command)."""
    rng = random.Random(seed)
    with transaction.atomic():
        edition = create_edition(timezone.localdate(), DEMO_SLUG_PREFIX)
        sites = create_sites(rng, factories)
        progress(f"{len(sites)} sites")
        visits = open_visits(rng, edition, sites)
        slots = create_slots(rng, edition, visits)
        progress(f"{slots} slots")
        create_targets(edition, factories)
        date_registrations(rng, edition)
        queued = hold_for_moderation(rng, edition, max(5, factories // 30))
        progress(f"{queued} sites waiting for moderation")
        booked, waitlisted = fill_slots(rng, edition, bookings, progress)
        drawn = create_demo_ballots(rng, edition)
        progress(f"a ballot of {drawn} entrants drawn, another taking entries")
        coaches = request_coaches(rng, edition)
        progress(f"{coaches} coach requests")
        # Its own generator, so that the steps after it draw what they always drew.
        responses = generate_demo_surveys(random.Random(seed), edition)
        progress(f"{responses} survey responses")
        prospects = generate_demo_outreach(rng, edition)
        progress(f"{prospects} prospects, synthetic reference population")
        previous = create_previous_edition(rng, edition, DEMO_SLUG_PREFIX)
        progress(f"{previous}: the previous edition's registrations")
        subscribers = generate_demo_subscriptions(rng)
        progress(f"{subscribers} addresses on the next edition's list")
    return DemoReport(edition, len(sites), slots, booked, waitlisted)


def delete_demo_editions() -> int:
    """Remove every demo edition and what hangs off it, bookings first."""
    editions = Edition.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
    slots = Slot.objects.filter(day__edition__in=editions)
    groups = list(
        ClassGroup.objects.filter(booking__slot__in=slots).values_list("pk", flat=True)
    ) + list(ClassGroup.objects.filter(waitlist_entry__slot__in=slots).values_list("pk", flat=True))
    delete_demo_surveys(editions)
    delete_slot_bookings(slots)
    for start in range(0, len(groups), BATCH):
        ClassGroup.objects.filter(pk__in=groups[start : start + BATCH]).delete()
    slots.delete()
    site_ids = list(
        Participation.objects.filter(edition__in=editions).values_list("site_id", flat=True)
    )
    Prospect.objects.filter(edition__in=editions).delete()
    Participation.objects.filter(edition__in=editions).delete()
    sites = Site.objects.filter(pk__in=site_ids)
    company_ids = list(sites.values_list("company_id", flat=True))
    sites.delete()
    Company.objects.filter(pk__in=company_ids, sites__isnull=True).delete()
    count, _ = editions.delete()
    return count
