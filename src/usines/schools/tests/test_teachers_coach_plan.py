"""Accepting coaches with the database: never one at two factories at once (when a
visit moved since the proposal), every proposal at once (all or nothing), and one
driver for one coach at a time."""

from datetime import timedelta

import pytest

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.factories.models import Participation, Slot
from usines.schools import coaches, exceptions, services
from usines.schools.models import (
    CoachPool,
    CoachRequest,
    CoachRequestStatus,
    School,
    uai_check_letter,
)
from usines.testsupport import EditionDayFactory, SlotFactory, class_details, confirmed_teacher

pytestmark = pytest.mark.django_db
CLUSES = (46.0625, 6.575)
FACTORY_EAST = (46.0625, 6.6916)  # 9 km east of Cluses: 14 minutes by coach
SALLANCHES = (45.9364, 6.6317)
PASSY = (45.9233, 6.6897)


@pytest.fixture
def organiser(db):
    return User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.ORGANISER)


def visit_at(day, point, hour: int, minute: int = 0) -> Slot:
    slot = SlotFactory(
        day=day,
        capacity=60,
        visit__minimum_age=0,
        visit__participation__site__latitude=point[0],
        visit__participation__site__longitude=point[1],
    )
    starts_at = slot.starts_at.replace(hour=hour, minute=minute)
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=90)
    )
    return slot


def class_with_coach(slot: Slot, n: int, point, pupils: int = 20) -> User:
    digits = f"07490{n:02d}"
    school = School.objects.create(
        uai=digits + uai_check_letter(digits), name=f"École {n}", latitude=point[0],
        longitude=point[1],
    )  # fmt: skip
    teacher = User.objects.create_user(f"t{n}@example.org", f"t{n}@example.org", "pw")
    confirmed_teacher(teacher, school)
    services.book_class(
        slot.pk,
        teacher,
        class_details(pupils=pupils, girls=0),
        coach=services.CoachWish(seats=pupils + 2),
    )
    return teacher


@pytest.fixture
def two_factories(db):
    """Two classes from Sallanches and Passy, one to Cluses at 10:00, the other to a
    factory 9 km east at 10:30: one coach, first at Cluses, then east."""
    day = EditionDayFactory(audience=Audience.SCHOOL)
    cluses, east = visit_at(day, CLUSES, 10), visit_at(day, FACTORY_EAST, 10, 30)
    class_with_coach(cluses, 1, SALLANCHES)
    class_with_coach(east, 2, PASSY)
    return cluses, east


def test_a_coach_whose_visits_now_start_together_is_not_accepted(two_factories, organiser):
    cluses, east = two_factories
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    pool = CoachPool.objects.get()
    assert pool.requests.count() == 2
    # The host east of Cluses moves its visit to 10:00: the coach would have to be at
    # both factories at once (or leave a class waiting 19 minutes for it).
    Slot.objects.filter(pk=east.pk).update(starts_at=cluses.starts_at, ends_at=cluses.ends_at)

    with pytest.raises(exceptions.CoachTimetable):
        coaches.accept_coach_pool(pool, organiser)

    pool.refresh_from_db()
    assert pool.accepted_at is None
    assert set(CoachRequest.objects.values_list("status", flat=True)) == {
        CoachRequestStatus.REQUESTED
    }
    # Proposed again, the classes get a coach each.
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    assert CoachPool.objects.count() == 2


def test_every_reviewed_coach_is_accepted_at_once(coach_classes, organiser, deliver_emails):
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    reviewed = set(CoachPool.objects.values_list("pk", flat=True))

    with deliver_emails.capture():
        count = coaches.accept_coach_pools(CoachPool.objects.all(), reviewed, organiser)
    outbox = deliver_emails()

    assert count == 2
    assert not CoachPool.objects.filter(accepted_at__isnull=True).exists()
    assert set(CoachRequest.objects.values_list("status", flat=True)) == {CoachRequestStatus.POOLED}
    told = sorted(m.to[0] for m in outbox if "autocar" in m.subject.lower())
    assert told == ["t0@example.org", "t1@example.org", "t2@example.org"]


def test_accepting_all_is_all_or_nothing(coach_classes, organiser):
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    reviewed = set(CoachPool.objects.values_list("pk", flat=True))
    shared = CoachPool.objects.get(seats_used=52)
    coaches.accept_coach_pool(shared, organiser)  # someone else, meanwhile

    with pytest.raises(exceptions.ProposalsChanged):
        coaches.accept_coach_pools(CoachPool.objects.all(), reviewed, organiser)

    assert CoachPool.objects.filter(accepted_at__isnull=True).count() == 1
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    with pytest.raises(exceptions.ProposalsChanged):  # proposed again: other coaches
        coaches.accept_coach_pools(CoachPool.objects.all(), reviewed, organiser)


def test_one_driver_drives_one_coach_at_a_time(coach_classes, organiser):
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    shared, lyon = CoachPool.objects.order_by("-seats_used")
    for pool in (shared, lyon):
        coaches.accept_coach_pool(pool, organiser)
    coaches.set_coach_driver(shared, "Paul Durand", "06 12 34 56 78")

    with pytest.raises(exceptions.DriverBusy) as refused:
        coaches.set_coach_driver(lyon, "P. Durand", "+33 6 12 34 56 78")

    assert f"autocar n° {shared.pk}" in str(refused.value.message)
    lyon.refresh_from_db()
    assert lyon.driver_phone == ""
    coaches.set_coach_driver(lyon, "Marie Roux", "07 00 00 00 01")
    coaches.set_coach_driver(shared, "Paul Durand", "06 12 34 56 78")  # itself: fine


def test_a_driver_drives_two_coaches_one_after_the_other(db, organiser):
    day = EditionDayFactory(audience=Audience.SCHOOL)
    class_with_coach(visit_at(day, CLUSES, 9), 1, SALLANCHES)
    class_with_coach(visit_at(day, CLUSES, 14), 2, SALLANCHES)
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    morning, afternoon = CoachPool.objects.order_by("pk")
    for pool in (morning, afternoon):
        coaches.accept_coach_pool(pool, organiser)

    coaches.set_coach_driver(morning, "Paul Durand", "06 12 34 56 78")
    coaches.set_coach_driver(afternoon, "Paul Durand", "06 12 34 56 78")

    assert CoachPool.objects.filter(driver_phone="06 12 34 56 78").count() == 2


def test_only_an_accepted_coach_gets_a_driver(coach_classes):
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)

    with pytest.raises(exceptions.ClassListMismatch):
        coaches.set_coach_driver(CoachPool.objects.first(), "Paul Durand", "06 12 34 56 78")


def test_a_phone_number_written_the_french_or_the_international_way_is_one_driver():
    keys = {
        coaches.phone_key(phone)
        for phone in (
            "06 12 34 56 78",
            "06.12.34.56.78",
            "+33 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "0033 6 12 34 56 78",
        )
    }
    assert keys == {"0612345678"}
