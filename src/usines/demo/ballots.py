"""The demo's ballots: one visit's places drawn by lot already (its entrants, the
draw's log, the winners' bookings and the others on the waiting lists), and another
visit taking entries now, so that both sides can be tried."""

import random
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from usines.ballots.draw import seed_commitment
from usines.ballots.drawing import start_draw
from usines.ballots.models import REFERENCE_ALPHABET, Ballot, BallotChoice, BallotEntry
from usines.ballots.services import create_ballot
from usines.demo.vocabulary import FIRST_NAMES, SURNAMES
from usines.editions.models import Audience, Edition
from usines.factories.models import ParticipationStatus, Slot, Visit

ENTRANTS = 80


def _popular_visits(edition: Edition) -> list[Visit]:
    """Published visits with at least three public slots, fewest places taken first
    (the hosts' demo log-ins keep theirs, the first two sites, out of it)."""
    return list(
        Visit.objects.filter(
            participation__edition=edition,
            participation__status=ParticipationStatus.PUBLISHED,
            slots__audience=Audience.PUBLIC,
            slots__is_cancelled=False,
        )
        .annotate(public_slots=Count("slots"))
        .filter(public_slots__gte=3)
        .order_by("participation__site_id")[2:4]
    )


def _enter(rng: random.Random, ballot: Ballot, slots: list[int], now) -> int:
    """ENTRANTS entries with 1 to 3 ranked choices, written as rows (no e-mails)."""
    entries = BallotEntry.objects.bulk_create(
        BallotEntry(
            ballot=ballot,
            # From the demo's generator, so that a rebuilt demo draws the same result.
            reference="".join(rng.choice(REFERENCE_ALPHABET) for _ in range(10)),
            name=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
            email=f"tirage{number}@example.org",
            postcode="74300",
            party_size=rng.choice((1, 2, 2, 3, 4)),
            first_time=rng.random() < 0.3,
            consent_at=now - timedelta(hours=rng.randint(2, 48)),
        )
        for number in range(ENTRANTS)
    )
    BallotChoice.objects.bulk_create(
        BallotChoice(entry=entry, rank=rank, slot_id=slot_id)
        for entry in entries
        for rank, slot_id in enumerate(
            rng.sample(slots, rng.randint(1, min(3, len(slots)))), start=1
        )
    )
    return len(entries)


def create_demo_ballots(rng: random.Random, edition: Edition) -> int:
    """One ballot drawn, one open; returns the number of entrants drawn."""
    visits = _popular_visits(edition)
    if len(visits) < 2:
        return 0
    now = timezone.now()
    drawn_visit, open_visit = visits
    ballot = create_ballot(
        edition, Audience.PUBLIC, now - timedelta(days=3), now + timedelta(hours=1),
        priority_first_time=True, visit=drawn_visit,
    )  # fmt: skip
    slots = list(
        Slot.objects.filter(visit=drawn_visit, audience=Audience.PUBLIC, is_cancelled=False)
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )
    entered = _enter(rng, ballot, slots, now)
    secret = f"{rng.getrandbits(256):064x}"  # the same seed at each rebuild
    Ballot.objects.filter(pk=ballot.pk).update(
        closes_at=now - timedelta(minutes=30),
        seed_secret=secret,
        seed_commitment=seed_commitment(secret),
    )
    ballot.refresh_from_db()
    start_draw(ballot, "07 18 22 35 41 – 12", now=now)
    create_ballot(
        edition, Audience.PUBLIC, now - timedelta(hours=2), now + timedelta(days=5),
        visit=open_visit,
    )  # fmt: skip
    return entered
