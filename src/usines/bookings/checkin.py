"""The day itself: checking visitors in at the gate, walk-ins, and who actually came.

Check-in is one conditional UPDATE (`checked_in_at IS NULL`), so the same ticket
scanned by two phones at once, or replayed from a phone's offline queue, counts
once; the second scan reads "already checked in at 10:02". Walk-ins carry the
phone's own key for the record, so a replay stores nothing twice.

An arrival counts as attendance, so it is recorded only on the visit's own date: a
host who opens Saturday's page on Friday checks nobody in by mistake. The host may
still force it (a visitor really let in, recorded late). A phone's queued action is
judged by the moment it was taken at the gate, not by when the network came back.
A check-in or a walk-in recorded by mistake can be undone, which takes it out of the
figures again.
"""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.bookings import release
from usines.bookings.exceptions import NotTheVisitDay
from usines.bookings.models import (
    CHECKIN_ALPHABET,
    SCHOOL_WALK_INS,
    Booking,
    BookingStatus,
    WalkIn,
    WalkInCategory,
)
from usines.bookings.search import matching
from usines.editions.models import Audience, EditionDay
from usines.factories.models import Participation, Slot


class Outcome:
    WELCOME = "welcome"
    ALREADY = "already"
    NOT_TODAY = "not_today"
    WRONG_DAY = "wrong_day"
    WRONG_SITE = "wrong_site"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"
    UNDONE = "undone"
    NOT_CHECKED_IN = "not_checked_in"
    GIVEN_AWAY = "given_away"


@dataclass
class CheckInResult:
    outcome: str
    booking: Booking | None = None
    checked_in_at: datetime | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == Outcome.WELCOME


_NOT_CODE = re.compile(f"[^{CHECKIN_ALPHABET}]")

# A phone's queue may hold an action this long and still be judged by the moment it
# was taken; a moment later than the server's clock (by more than a phone's clock
# drifts) or older than that is not believed, and the server's own time counts.
QUEUE_MAX_AGE = timedelta(hours=36)
CLOCK_DRIFT = timedelta(minutes=5)


def normalise_code(text: str) -> str:
    """What a scanner or a thumb typed, as stored: upper case, no spaces or dashes."""
    return _NOT_CODE.sub("", (text or "").upper())[:16]


def gate_moment(at: datetime | None) -> datetime:
    """When an action happened at the gate: `at` (from a phone's queue) if plausible,
    else now."""
    now = timezone.now()
    if at is None or timezone.is_naive(at) or not now - QUEUE_MAX_AGE <= at <= now + CLOCK_DRIFT:
        return now
    return min(at, now)


def is_visit_day(day: EditionDay, at: datetime | None = None) -> bool:
    """Whether the action (now, or at `at`) happens on the day's own date."""
    return timezone.localdate(gate_moment(at)) == day.date


def not_the_visit_day(day: EditionDay) -> NotTheVisitDay:
    """The refusal in words: which day the page is for, which day it is."""
    return NotTheVisitDay(
        _("This page is for %(day)s and today is %(today)s: nothing is recorded.")
        % {
            "day": date_format(day.date, "l j F"),
            "today": date_format(timezone.localdate(), "l j F"),
        }
    )


def _ticket(
    participation: Participation, day: EditionDay, code: str
) -> tuple[Booking | None, CheckInResult | None]:
    """The booking of a code on this page, or the outcome saying why it is not one."""
    booking = (
        Booking.objects.select_related("slot__day", "slot__visit")
        .filter(checkin_code=normalise_code(code))
        .first()
    )
    if booking is None:
        return None, CheckInResult(Outcome.UNKNOWN)
    if booking.slot.visit.participation_id != participation.pk:
        # Another factory's visitor: nothing of the booking is told to this host.
        return None, CheckInResult(Outcome.WRONG_SITE)
    if booking.slot.day_id != day.pk:
        return None, CheckInResult(Outcome.WRONG_DAY, booking)
    return booking, None


def check_in(
    participation: Participation,
    day: EditionDay,
    code: str,
    user: User | None,
    *,
    force: bool = False,
    at: datetime | None = None,
) -> CheckInResult:
    """Check a ticket in at this site on this day; say plainly when it cannot be.

    On another date than the day's (judged at `at`, when a phone's queue sends it
    late), nothing is recorded (NOT_TODAY) unless `force`. A booking released as a
    no-show is checked in if its places are still free, else GIVEN_AWAY
    (bookings.release)."""
    booking, refusal = _ticket(participation, day, code)
    if refusal is not None:
        return refusal
    if booking.status not in (BookingStatus.CONFIRMED, BookingStatus.RELEASED):
        return CheckInResult(Outcome.CANCELLED, booking)
    if booking.checked_in_at is not None:
        return CheckInResult(Outcome.ALREADY, booking, booking.checked_in_at)
    if not force and not is_visit_day(day, at):
        return CheckInResult(Outcome.NOT_TODAY, booking)
    now = timezone.now()
    if booking.status == BookingStatus.CONFIRMED:
        first = Booking.objects.filter(
            pk=booking.pk, status=BookingStatus.CONFIRMED, checked_in_at__isnull=True
        ).update(checked_in_at=now, checked_in_by=user)
        if first:
            booking.checked_in_at = now
            return CheckInResult(Outcome.WELCOME, booking, now)
        booking.refresh_from_db(fields=["status", "checked_in_at"])
    if booking.status == BookingStatus.RELEASED:
        # Released meanwhile, or before: back in if nobody took the places.
        reclaimed = release.reclaim(booking, user, now)
        if reclaimed:
            booking.refresh_from_db(fields=["status", "checked_in_at"])
            return CheckInResult(Outcome.WELCOME, booking, now)
        if reclaimed is False:
            return CheckInResult(Outcome.GIVEN_AWAY, booking)
        booking.refresh_from_db(fields=["status", "checked_in_at"])
    if booking.checked_in_at is not None:
        return CheckInResult(Outcome.ALREADY, booking, booking.checked_in_at)
    return CheckInResult(Outcome.CANCELLED, booking)


def undo_check_in(participation: Participation, day: EditionDay, code: str) -> CheckInResult:
    """Take back a check-in made by mistake: the booking is not checked in any more
    and no longer counts as present (UNDONE); NOT_CHECKED_IN if it was not."""
    booking, refusal = _ticket(participation, day, code)
    if refusal is not None:
        return refusal
    undone = Booking.objects.filter(pk=booking.pk, checked_in_at__isnull=False).update(
        checked_in_at=None, checked_in_by=None
    )
    return CheckInResult(Outcome.UNDONE if undone else Outcome.NOT_CHECKED_IN, booking)


def find_at_gate(
    participation: Participation, day: EditionDay, query: str, limit: int = 20
) -> list[Booking]:
    """The day's confirmed bookings at this site whose name holds `query` (two letters
    at least), whatever its case and accents, by name."""
    if len(query.strip()) < 2:
        return []
    bookings = Booking.objects.filter(
        slot__visit__participation=participation, slot__day=day, status=BookingStatus.CONFIRMED
    )
    return list(matching(bookings, query).select_related("slot").order_by("name", "pk")[:limit])


def walk_in_categories(day: EditionDay) -> list[str]:
    """Who may come without a booking on this day: pupils and teachers on a school
    day, adults and children on a public one."""
    if day.audience == Audience.SCHOOL:
        return list(SCHOOL_WALK_INS)
    return [category for category in WalkInCategory.values if category not in SCHOOL_WALK_INS]


def record_walk_ins(
    participation: Participation,
    day: EditionDay,
    category: str,
    count: int,
    client_key: str,
    user: User | None,
    *,
    force: bool = False,
    at: datetime | None = None,
) -> WalkIn:
    """Record people let in without a booking; the same client_key is stored once.

    Raises ValueError for a category the day does not have or a count outside 1–500,
    and NotTheVisitDay on another date than the day's (judged at `at`) unless `force`."""
    if category not in walk_in_categories(day):
        raise ValueError(category)
    if not 1 <= count <= 500:
        raise ValueError(count)
    existing = WalkIn.objects.filter(client_key=client_key).first()
    if existing is not None:
        return existing
    if not force and not is_visit_day(day, at):
        raise not_the_visit_day(day)
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


def undo_walk_ins(participation: Participation, client_key: str) -> WalkIn | None:
    """Remove a walk-in record made by mistake, so that it no longer counts; None when
    this site has no such record (already removed, or never sent)."""
    walk_in = WalkIn.objects.filter(participation=participation, client_key=client_key).first()
    if walk_in is None or not WalkIn.objects.filter(pk=walk_in.pk).delete()[0]:
        return None
    return walk_in


@dataclass(frozen=True)
class GateEntry:
    """One arrival recorded at the gate, for the list of the latest ones."""

    at: datetime
    booking: Booking | None = None
    walk_in: WalkIn | None = None


def latest_at_gate(participation: Participation, day: EditionDay, limit: int = 10):
    """The day's latest check-ins and walk-ins at this site, newest first: two
    bounded queries."""
    checked = Booking.objects.filter(
        slot__visit__participation=participation,
        slot__day=day,
        status=BookingStatus.CONFIRMED,
        checked_in_at__isnull=False,
    ).order_by("-checked_in_at", "-pk")[:limit]
    walk_ins = WalkIn.objects.filter(participation=participation, day=day).order_by(
        "-recorded_at", "-pk"
    )[:limit]
    entries = [GateEntry(booking.checked_in_at, booking=booking) for booking in checked]
    entries += [GateEntry(walk_in.recorded_at, walk_in=walk_in) for walk_in in walk_ins]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)[:limit]


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
    four small grouped queries at any scale."""
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
    # Walk-ins let in on released places count in the slots' counters: not booked.
    on_places = walk_ins.filter(slot__isnull=False).aggregate(
        places=Sum("count"), places_school=Sum("count", filter=Q(slot__audience=Audience.SCHOOL))
    )
    by_category = dict(
        walk_ins.order_by()
        .values_list("category")
        .annotate(total=Sum("count"))
        .values_list("category", "total")
    )
    return Attendance(
        booked=(booked["places"] or 0) - (on_places["places"] or 0),
        present=present["present"] or 0,
        walk_ins=by_category,
        booked_school=(booked["places_school"] or 0) - (on_places["places_school"] or 0),
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
