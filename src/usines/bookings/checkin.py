"""The day itself: checking visitors in at the gate, walk-ins, and who actually came.

Check-in is one conditional UPDATE (`checked_in_at IS NULL`), so the same ticket
scanned by two phones at once, or replayed from a phone's offline queue, counts
once; the second scan reads "already checked in at 10:02". Walk-ins carry the
phone's own key for the record, so a replay stores nothing twice.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from usines.accounts.models import User
from usines.bookings.models import (
    CHECKIN_ALPHABET,
    SCHOOL_WALK_INS,
    Booking,
    BookingStatus,
    WalkIn,
    WalkInCategory,
)
from usines.editions.models import Audience, EditionDay
from usines.factories.models import Participation, Slot


class Outcome:
    WELCOME = "welcome"
    ALREADY = "already"
    WRONG_DAY = "wrong_day"
    WRONG_SITE = "wrong_site"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


@dataclass
class CheckInResult:
    outcome: str
    booking: Booking | None = None
    checked_in_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.WELCOME


_NOT_CODE = re.compile(f"[^{CHECKIN_ALPHABET}]")


def normalise_code(text: str) -> str:
    """What a scanner or a thumb typed, as stored: upper case, no spaces or dashes."""
    return _NOT_CODE.sub("", (text or "").upper())[:16]


def check_in(
    participation: Participation, day: EditionDay, code: str, user: User | None
) -> CheckInResult:
    """Check a ticket in at this site on this day; say plainly when it cannot be."""
    booking = (
        Booking.objects.select_related("slot__day", "slot__visit")
        .filter(checkin_code=normalise_code(code))
        .first()
    )
    if booking is None:
        return CheckInResult(Outcome.UNKNOWN)
    if booking.slot.visit.participation_id != participation.pk:
        # Another factory's visitor: nothing of the booking is told to this host.
        return CheckInResult(Outcome.WRONG_SITE)
    if booking.slot.day_id != day.pk:
        return CheckInResult(Outcome.WRONG_DAY, booking)
    if booking.status != BookingStatus.CONFIRMED:
        return CheckInResult(Outcome.CANCELLED, booking)
    now = timezone.now()
    first = Booking.objects.filter(pk=booking.pk, checked_in_at__isnull=True).update(
        checked_in_at=now, checked_in_by=user
    )
    booking.refresh_from_db(fields=["checked_in_at"])
    if not first:
        return CheckInResult(Outcome.ALREADY, booking, booking.checked_in_at)
    return CheckInResult(Outcome.WELCOME, booking, now)


def record_walk_ins(
    participation: Participation,
    day: EditionDay,
    category: str,
    count: int,
    client_key: str,
    user: User | None,
) -> WalkIn:
    """Record people let in without a booking; the same client_key is stored once."""
    if category not in WalkInCategory.values:
        raise ValueError(category)
    if not 1 <= count <= 500:
        raise ValueError(count)
    existing = WalkIn.objects.filter(client_key=client_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return WalkIn.objects.create(
                participation=participation,
                day=day,
                category=category,
                count=count,
                client_key=client_key,
                recorded_by=user,
            )
    except IntegrityError:
        return WalkIn.objects.get(client_key=client_key)


# A checked-in booking counts its places, or for a class the pupils and adults the
# host counted at the gate when it did.
PERSONS_PRESENT = Case(
    When(
        class_group__present_pupils__isnull=False,
        then=F("class_group__present_pupils")
        + Coalesce(F("class_group__present_adults"), Value(0), output_field=IntegerField()),
    ),
    default=F("party_size"),
    output_field=IntegerField(),
)


@dataclass
class Attendance:
    """Who came: booked and present persons, walk-ins by category, split by audience."""

    booked: int = 0
    present: int = 0
    walk_ins: dict[str, int] = field(default_factory=dict)
    booked_school: int = 0
    present_school: int = 0

    @property
    def walk_ins_total(self) -> int:
        return sum(self.walk_ins.values())

    @property
    def total_present(self) -> int:
        return self.present + self.walk_ins_total

    @property
    def school_present(self) -> int:
        return self.present_school + sum(self.walk_ins.get(c, 0) for c in SCHOOL_WALK_INS)

    @property
    def public_present(self) -> int:
        return self.total_present - self.school_present


def attendance(participations, day: EditionDay | None = None) -> Attendance:
    """Attendance of some participations (a queryset), on one day or both.

    Booked places come from the slots' counters and present ones from the checked-in
    bookings only (indexed), so it reads neither every booking nor every row twice:
    three small grouped queries at any scale."""
    slots = Slot.objects.filter(visit__participation__in=participations, is_cancelled=False)
    checked = Booking.objects.filter(
        checked_in_at__isnull=False,
        status=BookingStatus.CONFIRMED,
        slot__visit__participation__in=participations,
    )
    walk_ins = WalkIn.objects.filter(participation__in=participations)
    if day is not None:
        slots = slots.filter(day=day)
        checked = checked.filter(slot__day=day)
        walk_ins = walk_ins.filter(day=day)
    school = Q(audience=Audience.SCHOOL)
    booked = slots.aggregate(
        places=Sum(F("booked") - F("held")),
        places_school=Sum(F("booked") - F("held"), filter=school),
    )
    present = checked.aggregate(
        present=Sum(PERSONS_PRESENT),
        present_school=Sum(PERSONS_PRESENT, filter=Q(slot__audience=Audience.SCHOOL)),
    )
    by_category = dict(
        walk_ins.order_by()
        .values_list("category")
        .annotate(total=Sum("count"))
        .values_list("category", "total")
    )
    return Attendance(
        booked=booked["places"] or 0,
        present=present["present"] or 0,
        walk_ins=by_category,
        booked_school=booked["places_school"] or 0,
        present_school=present["present_school"] or 0,
    )


def slot_attendance(slots) -> dict[int, dict[str, int]]:
    """Per slot: booked and present persons, and bookings, in one query."""
    rows = (
        Booking.objects.filter(slot__in=slots, status=BookingStatus.CONFIRMED)
        .order_by()
        .values("slot_id")
        .annotate(
            booked=Sum("party_size"),
            present=Sum(PERSONS_PRESENT, filter=Q(checked_in_at__isnull=False)),
            bookings=Count("pk"),
        )
    )
    return {
        row["slot_id"]: {
            "booked": row["booked"] or 0,
            "present": row["present"] or 0,
            "bookings": row["bookings"],
        }
        for row in rows
    }
