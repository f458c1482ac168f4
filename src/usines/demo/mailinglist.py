"""The demo's next edition list: a few hundred fictitious addresses in every state
(waiting, some past their link; confirmed; unsubscribed, some asking again), from
the booking page and the public form, in French and a few in English."""

import random
from datetime import datetime, timedelta

from django.utils import timezone

from usines.demo.vocabulary import FIRST_NAMES, SURNAMES
from usines.mailinglist.models import (
    CONSENT_VERSION,
    Source,
    Subscription,
    SubscriptionStatus,
    new_subscription_token,
)

DOMAIN = "@lettre.example.org"


def _subscription(rng: random.Random, n: int, now: datetime) -> Subscription:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    email = f"{first}.{last}.{n}".lower().replace(" ", "") + DOMAIN
    requested_at = now - timedelta(days=rng.uniform(0, 25), minutes=rng.randint(0, 600))
    subscription = Subscription(
        email=email,
        language="en" if rng.random() < 0.1 else "fr",
        source=Source.BOOKING if rng.random() < 0.7 else Source.PUBLIC_FORM,
        consent_version=CONSENT_VERSION,
        requested_at=requested_at,
        token=new_subscription_token(),
    )
    draw = rng.random()
    if draw < 0.6:
        subscription.status = SubscriptionStatus.CONFIRMED
        subscription.confirmed_at = requested_at + timedelta(minutes=rng.randint(1, 2000))
    elif draw < 0.75:
        subscription.status = SubscriptionStatus.UNSUBSCRIBED
        subscription.confirmed_at = requested_at + timedelta(minutes=rng.randint(1, 600))
        subscription.unsubscribed_at = subscription.confirmed_at + timedelta(days=rng.uniform(0, 3))
    elif draw < 0.8:  # left once, asking again
        subscription.unsubscribed_at = requested_at - timedelta(days=rng.uniform(5, 60))
    return subscription


def generate_demo_subscriptions(rng: random.Random, count: int = 300) -> int:
    """Replace the demo's subscriptions with `count` new ones; how many."""
    Subscription.objects.filter(email__endswith=DOMAIN).delete()
    now = timezone.now()
    rows = [_subscription(rng, n, now) for n in range(count)]
    Subscription.objects.bulk_create(rows)
    return len(rows)
