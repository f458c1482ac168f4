"""The visitors: slots filled with bookings (families on the public day, classes on
the school day), a few popular slots full to the last place with a waiting list,
and every booking dated since its day opened.

Rows and counters are written through `usines.bookings.bulk`, in batches.
"""

import itertools
import random
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from usines.bookings.bulk import date_bookings, load_bookings, load_waitlist, recount_slots
from usines.bookings.models import BookingStatus
from usines.demo.classes import (
    demo_schools,
    demo_teacher,
    new_class,
    save_classes,
    schools_near_slots,
)
from usines.demo.vocabulary import BATCH, FIRST_NAMES, SURNAMES
from usines.editions.models import Audience, Edition, EditionDay
from usines.factories.models import ParticipationStatus, Slot
from usines.schools.models import ClassGroup

# (slot id, capacity, audience) of each bookable slot
SlotRow = tuple[int, int, str]


def fill_slots(
    rng: random.Random, edition: Edition, wanted: int, progress: Callable[[str], None]
) -> tuple[int, int]:
    """About `wanted` bookings over the edition's published slots; returns how many
    bookings and waiting-list entries were made."""
    slots: list[SlotRow] = list(
        Slot.objects.filter(
            visit__participation__edition=edition,
            visit__participation__status=ParticipationStatus.PUBLISHED,
        )
        .order_by("pk")
        .values_list("pk", "capacity", "audience")
    )
    taken = {pk: 0 for pk, _, _ in slots}
    now = timezone.now()
    # A few popular public slots are filled to the last place and get a waiting list.
    public = [s for s in slots if s[2] == Audience.PUBLIC]
    hot = set(rng.sample([s[0] for s in public], min(len(public), max(3, len(public) // 60))))
    # Popularity varies: some visits draw crowds, others few visitors.
    weight_of = {pk: 5.0 if pk in hot else rng.uniform(0.2, 2.0) for pk, _, _ in slots}
    made = _draw_bookings(rng, slots, weight_of, taken, wanted, now, progress)
    made += _fill_to_the_last_place(rng, hot, slots, taken, now)
    waitlisted = load_waitlist(_waiting_lists(rng, hot, now))
    date_bookings(edition, _opening_rush(now))
    recount_slots(taken.keys())
    progress(f"{made} bookings, {waitlisted} waiting-list entries")
    return made, waitlisted


def _draw_bookings(
    rng: random.Random,
    slots: list[SlotRow],
    weight_of: dict[int, float],
    taken: dict[int, int],
    wanted: int,
    now: datetime,
    progress: Callable[[str], None],
) -> int:
    """Bookings drawn by popularity among the slots with room left: parties of one to
    five on the public day, classes of 12 to 30 from schools nearby on the school
    day. Adds the places to `taken`; returns how many bookings."""
    capacity_of = {pk: capacity for pk, capacity, _ in slots}
    audience_of = {pk: audience for pk, _, audience in slots}
    schools = demo_schools(rng)
    teacher = demo_teacher()
    nearby = schools_near_slots(
        schools, [pk for pk, _, audience in slots if audience == Audience.SCHOOL]
    )
    rows: list[dict] = []
    groups: list[ClassGroup | None] = []
    draws: list[int] = []
    made = 0
    attempts = 0
    while made < wanted and attempts < wanted * 3:
        attempts += 1
        if not draws:
            # Redraw among the slots that still have room, so the edition fills up.
            open_ids = [pk for pk in weight_of if capacity_of[pk] - taken[pk] >= 1]
            if not open_ids:
                break
            cumulative = list(itertools.accumulate(weight_of[pk] for pk in open_ids))
            draws = rng.choices(open_ids, cum_weights=cumulative, k=BATCH)
        slot_id = draws.pop()
        school = audience_of[slot_id] == Audience.SCHOOL
        size = (
            rng.randint(12, 30) if school else rng.choices([1, 2, 3, 4, 5], [35, 35, 15, 12, 3])[0]
        )
        if taken[slot_id] + size > capacity_of[slot_id]:
            size = capacity_of[slot_id] - taken[slot_id]
            if size <= 0 or (school and size < 8):
                continue
        taken[slot_id] += size
        group = new_class(rng, nearby[slot_id], teacher, size) if school else None
        fields = _booking_fields(rng, slot_id, size, school, now)
        if group is not None:
            fields["name"] = f"{group.school.name} – {group.get_level_display()}"[:150]
        rows.append(fields)
        groups.append(group)
        made += 1
        if len(rows) >= BATCH:
            _load(rows, groups)
            progress(f"{made} bookings")
    _load(rows, groups)
    return made


def _load(rows: list[dict], groups: list[ClassGroup | None]) -> None:
    """Insert a batch's classes, then its bookings pointing at them; empty both lists."""
    saved = iter(save_classes([group for group in groups if group]))
    for fields, group in zip(rows, groups, strict=True):
        if group is not None:
            fields["class_group"] = next(saved)
    load_bookings(rows, BATCH)
    rows.clear()
    groups.clear()


def _fill_to_the_last_place(
    rng: random.Random, hot: set[int], slots: list[SlotRow], taken: dict[int, int], now: datetime
) -> int:
    """Parties of one to four in the popular slots until they are full; returns how many."""
    capacity_of = {pk: capacity for pk, capacity, _ in slots}
    rows = []
    for pk in sorted(hot):  # a set's order follows the ids; the draws must not
        while taken[pk] < capacity_of[pk]:
            size = min(rng.randint(1, 4), capacity_of[pk] - taken[pk])
            rows.append(_booking_fields(rng, pk, size, False, now))
            taken[pk] += size
    return load_bookings(rows, BATCH)


def _waiting_lists(rng: random.Random, hot: set[int], now: datetime) -> list[dict]:
    """Two to six parties waiting for each popular slot."""
    entries = []
    for pk in sorted(hot):
        for _ in range(rng.randint(2, 6)):
            name, email = _person(rng)
            entries.append(
                {
                    "slot_id": pk,
                    "party_size": rng.randint(1, 4),
                    "name": name,
                    "email": email,
                    "postcode": "75011",
                    "consent_at": now,
                }
            )
    return entries


def _opening_rush(now: datetime) -> Callable[[EditionDay, float], datetime]:
    """Bookings made since their day opened, most of them in the first days (the
    opening rush), so that the cockpit's booking curve looks like an edition's."""

    def moment(day: EditionDay, share: float) -> datetime:
        return day.bookings_open_at + (now - day.bookings_open_at) * share**2

    return moment


def _person(rng: random.Random) -> tuple[str, str]:
    """A fictitious name and its e-mail address at example.org."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    return f"{first} {last}", f"{first}.{last}".lower().replace(" ", "") + "@example.org"


def _booking_fields(
    rng: random.Random, slot_id: int, size: int, school: bool, now: datetime
) -> dict:
    name, email = _person(rng)
    return {
        "slot_id": slot_id,
        "party_size": size,
        "name": f"{'Classe de ' if school else ''}{name}",
        "email": email,
        "postcode": f"{rng.randint(1, 95):02d}{rng.randint(0, 9)}00",
        "status": BookingStatus.CONFIRMED,
        "consent_at": now,
    }
