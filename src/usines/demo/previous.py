"""The edition held a year before the demo edition, so that the organisers' goal
curve has last year's registrations to be compared with.

Most of this year's sites took part then too; they registered over the five
months before that event, so that at the same number of days before it the two
editions can be told apart."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone

from usines.demo.vocabulary import BATCH
from usines.editions.models import Audience, Edition, EditionDay
from usines.factories.models import Participation, ParticipationStatus

SHARE_RETURNING = 0.85


def create_previous_edition(rng: random.Random, edition: Edition, slug_prefix: str) -> Edition:
    """Last year's edition (past, no longer shown to the public), its two days a year
    before this one's, and the participations of most of this edition's sites,
    dated between 200 and 45 days before its event."""
    this_friday = edition.days.order_by("date").first().date
    friday = this_friday - timedelta(weeks=52)  # the same weekday, a year before
    previous = Edition.objects.create(
        name=f"Journées Usines Ouvertes {friday.year}",
        slug=f"{slug_prefix}{friday.year}",
        year=friday.year,
        is_published=False,
        target_factories=edition.target_factories,
    )
    tz = timezone.get_current_timezone()
    EditionDay.objects.bulk_create(
        [
            EditionDay(
                edition=previous,
                date=day,
                audience=audience,
                bookings_open_at=datetime.combine(day - timedelta(days=opens), time(9), tz),
                bookings_close_at=datetime.combine(day - timedelta(days=1), time(18), tz),
            )
            for day, audience, opens in (
                (friday, Audience.SCHOOL, 30),
                (friday + timedelta(days=1), Audience.PUBLIC, 7),
            )
        ]
    )
    sites = list(
        Participation.objects.filter(edition=edition)
        .order_by("pk")
        .values_list("site_id", flat=True)
    )
    returning = rng.sample(sites, round(len(sites) * SHARE_RETURNING))
    event = datetime.combine(friday, time(9), tz)
    participations = Participation.objects.bulk_create(
        [
            Participation(site_id=site, edition=previous, status=ParticipationStatus.PUBLISHED)
            for site in returning
        ],
        batch_size=BATCH,
    )
    for participation in participations:
        participation.created_at = event - timedelta(days=45 + 155 * rng.random() ** 0.8)
    Participation.objects.bulk_update(participations, ["created_at"], batch_size=BATCH)
    return previous
