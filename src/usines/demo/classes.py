"""The classes: fictitious schools in the larger towns, the class groups that book
the school day's slots near them, and their coach requests."""

import random

from usines.accounts.models import Role, User
from usines.demo.vocabulary import BATCH, SURNAMES
from usines.editions.models import Edition
from usines.factories.models import Site, Slot
from usines.reference.models import Commune
from usines.schools.models import ClassGroup, CoachRequest, School, Track, uai_check_letter
from usines.schools.pooling import km

SCHOOL_KINDS = [
    ("Collège", ["4e", "3e"]),
    ("Lycée", ["2de", "1re", "tle"]),
    ("Lycée professionnel", ["cap", "bacpro"]),
]


def demo_schools(rng: random.Random, count: int = 400) -> list[School]:
    """Fictitious schools with valid UAI codes (department digits, then a counter)."""
    communes = list(Commune.objects.filter(population__gte=10_000).order_by("-population")[:count])
    schools = []
    for index, commune in enumerate(communes):
        digits = (
            f"{int(commune.department_id[:2].replace('A', '0').replace('B', '0')):03d}9{index:03d}"
        )
        kind, _levels = SCHOOL_KINDS[index % len(SCHOOL_KINDS)]
        school, _created = School.objects.update_or_create(
            uai=digits + uai_check_letter(digits),
            defaults={
                "name": f"{kind} {rng.choice(SURNAMES)} (démo)",
                "kind": kind,
                "postcode": "",
                "city": commune.name,
                "commune": commune,
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            },
        )
        schools.append(school)
    return schools


def schools_near_slots(schools: list[School], slot_ids: list[int]) -> dict[int, list[School]]:
    """For each school-day slot, the three demo schools closest to its site."""
    site_of = dict(
        Slot.objects.filter(pk__in=slot_ids).values_list("pk", "visit__participation__site_id")
    )
    coordinates = {
        pk: (lat, lon)
        for pk, lat, lon in Site.objects.filter(pk__in=set(site_of.values())).values_list(
            "pk", "latitude", "longitude"
        )
    }
    closest: dict[int, list[School]] = {}
    for site_id, point in coordinates.items():
        closest[site_id] = sorted(
            schools, key=lambda school: km(point, (school.latitude, school.longitude))
        )[:3]
    return {slot_id: closest[site_id] for slot_id, site_id in site_of.items()}


def demo_teacher() -> User:
    """The one (inactive) teacher account the demo classes belong to."""
    teacher, _created = User.objects.get_or_create(
        username="demo-enseignants",
        defaults={"email": "enseignants@example.org", "role": Role.TEACHER, "is_active": False},
    )
    return teacher


def new_class(rng: random.Random, schools: list[School], teacher: User, size: int) -> ClassGroup:
    """An unsaved class of `size` people (one or two adults among them) from one of
    `schools`, at a level its kind of school teaches."""
    school = rng.choice(schools)
    levels = next(levels for kind, levels in SCHOOL_KINDS if kind == school.kind)
    adults = 2 if size >= 16 else 1
    pupils = size - adults
    return ClassGroup(
        school=school,
        teacher=teacher,
        level=rng.choice(levels),
        track=Track.VOCATIONAL if school.kind == "Lycée professionnel" else Track.GENERAL,
        pupils=pupils,
        girls=sum(rng.random() < 0.42 for _ in range(pupils)),
        adults=adults,
    )


def save_classes(groups: list[ClassGroup]) -> list[ClassGroup]:
    """Insert the classes at once; returns them with their ids, in the same order."""
    return ClassGroup.objects.bulk_create(groups)


def request_coaches(rng: random.Random, edition: Edition) -> int:
    """About a third of the classes ask for a coach, as the seed event's did."""
    groups = ClassGroup.objects.filter(booking__slot__day__edition=edition).values_list(
        "pk", "pupils", "adults"
    )
    requests = [
        CoachRequest(class_group_id=pk, seats=min(pupils + adults, 59))
        for pk, pupils, adults in groups.order_by("pk")
        if rng.random() < 0.3
    ]
    CoachRequest.objects.bulk_create(requests, batch_size=BATCH)
    return len(requests)
