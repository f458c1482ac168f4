"""Coach pooling: a crafted case with a known best answer, a generated region of 300
requests, and the proposals, acceptance and split of coaches."""

import random
import time
from datetime import datetime, timedelta

import pytest

from usines.accounts.models import Role, User
from usines.factories.models import Participation
from usines.schools import coaches, exceptions, pooling
from usines.schools.models import (
    CoachPool,
    CoachRequest,
    CoachRequestStatus,
)

CLUSES = (46.0625, 6.575)
SALLANCHES = (45.9364, 6.6317)
PASSY = (45.9233, 6.6897)  # 5 km from Sallanches
LYON = (45.764, 4.8357)
NINE = datetime(2027, 3, 19, 9, 0)


def request(id, seats, school, starts_at=NINE, site_id=1, site=CLUSES, day_id=1):
    return pooling.Request(id, seats, school, site_id, site, day_id, starts_at)


def test_the_crafted_case_finds_the_best_answer():
    """30 + 25 + 20 seats from three close schools cannot share one coach (75 > 59):
    two coaches are the best for them; the school in Lyon and the afternoon class
    each need their own."""
    requests = [
        request(1, 30, SALLANCHES),
        request(2, 25, PASSY),
        request(3, 20, SALLANCHES),
        request(4, 20, LYON),
        request(5, 10, PASSY, starts_at=NINE + timedelta(hours=4)),
    ]

    plan = pooling.pool_requests(requests, school_radius_km=15)

    groups = sorted(sorted(r.id for r in pool.requests) for pool in plan.pools)
    assert groups == [[1, 2], [3], [4], [5]]
    assert plan.coaches == 4 and plan.baseline_coaches == 5
    shared = next(pool for pool in plan.pools if len(pool.requests) == 2)
    assert shared.coach_seats == 59 and shared.seats == 55
    assert [r.id for r in shared.route()] == [2, 1]  # Passy is farther from Cluses: first
    # Passy → Sallanches → Cluses on the road, rather than two trips
    expected = (pooling.km(PASSY, SALLANCHES) + pooling.km(SALLANCHES, CLUSES)) * 1.3
    assert shared.kilometres() == pytest.approx(expected)
    assert plan.kilometres < plan.baseline_kilometres


def test_the_school_radius_is_the_organisers_choice():
    requests = [request(1, 20, SALLANCHES), request(2, 20, PASSY)]
    assert pooling.pool_requests(requests, school_radius_km=15).coaches == 1
    assert pooling.pool_requests(requests, school_radius_km=3).coaches == 2


def test_close_sites_share_a_coach_but_not_far_ones():
    near_cluses = (46.07, 6.60)  # 2 km from Cluses
    requests = [
        request(1, 20, SALLANCHES, site_id=1, site=CLUSES),
        request(2, 20, SALLANCHES, site_id=2, site=near_cluses),
        request(3, 10, SALLANCHES, site_id=3, site=LYON),
    ]
    plan = pooling.pool_requests(requests)
    assert sorted(sorted(r.id for r in p.requests) for p in plan.pools) == [[1, 2], [3]]


def test_a_generated_region_of_300_requests(capsys):
    rng = random.Random(7)
    sites = [(45.76 + rng.uniform(-0.5, 0.5), 4.84 + rng.uniform(-0.7, 0.7)) for _ in range(30)]
    requests = []
    for n in range(300):
        site_id = rng.randrange(30)
        requests.append(
            request(
                n,
                rng.randint(14, 32),
                (45.76 + rng.uniform(-0.6, 0.6), 4.84 + rng.uniform(-0.8, 0.8)),
                starts_at=NINE + timedelta(minutes=rng.choice([0, 45, 90, 180, 270])),
                site_id=site_id,
                site=sites[site_id],
                day_id=1,
            )
        )

    started = time.perf_counter()
    plan = pooling.pool_requests(requests, school_radius_km=15)
    elapsed = time.perf_counter() - started

    placed = sorted(r.id for pool in plan.pools for r in pool.requests)
    assert placed == list(range(300))  # every class in exactly one coach
    for pool in plan.pools:
        assert pool.seats <= 59 and pool.coach_seats >= pool.seats
        for a in pool.requests:
            for b in pool.requests:
                assert a.day_id == b.day_id
                assert abs((a.starts_at - b.starts_at).total_seconds()) <= 90 * 60
                assert a.site_id == b.site_id or pooling.km(a.site, b.site) <= 10
    assert plan.coaches < 300
    with capsys.disabled():
        print(
            f"\n300 requests: {plan.coaches} coaches (one a class: 300), "
            f"{plan.kilometres:.0f} km (one a class: {plan.baseline_kilometres:.0f} km), "
            f"{elapsed * 1000:.0f} ms"
        )


# --- with the database --------------------------------------------------------------


def test_propose_accept_and_tell_the_teachers(coach_classes, deliver_emails):
    slot, teachers = coach_classes
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    scope = Participation.objects.all()

    plan = coaches.propose_coach_pools(scope, school_radius_km=15)

    assert (plan.coaches, plan.baseline_coaches) == (2, 3)
    shared = CoachPool.objects.get(seats_used=52)
    assert shared.coach_seats == 59
    stops = shared.requests.order_by("stop_order")
    assert list(stops.values_list("class_group__school__name", flat=True)) == [
        "Collège de Passy",
        "Lycée du Mont-Blanc",
    ]

    coaches.propose_coach_pools(scope, school_radius_km=15)  # again: replaces, no duplicates
    assert CoachPool.objects.count() == 2

    with deliver_emails.capture():
        coaches.accept_coach_pool(CoachPool.objects.get(seats_used=52), organiser)
    outbox = deliver_emails()
    told = sorted(m.to[0] for m in outbox if "autocar" in m.subject.lower())
    assert told == ["t0@example.org", "t1@example.org"]
    assert set(
        CoachRequest.objects.filter(pool__seats_used=52).values_list("status", flat=True)
    ) == {CoachRequestStatus.POOLED}
    # an accepted coach is kept when coaches are proposed again
    coaches.propose_coach_pools(scope, school_radius_km=15)
    assert CoachPool.objects.filter(accepted_at__isnull=False).count() == 1


def test_split_a_class_out_of_a_proposed_coach(coach_classes):
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    shared = CoachPool.objects.get(seats_used=52)
    passy = shared.requests.get(class_group__school__name="Collège de Passy")

    coaches.split_from_pool(passy)

    shared.refresh_from_db()
    assert shared.seats_used == 30 and shared.coach_seats == 30
    assert CoachPool.objects.count() == 3


def test_a_coach_request_larger_than_a_coach_is_refused(coach_classes):
    slot, teachers = coach_classes
    group = CoachRequest.objects.first().class_group
    with pytest.raises(exceptions.ClassListMismatch):
        coaches.request_coach(group, 60)
    assert CoachRequest.objects.get(class_group=group).seats == 30  # unchanged
