"""The organisers' figures: the goal curve, the live dashboard, phase snapshots.

Every figure is one grouped query (GROUP BY day, region or sector), never a loop
over rows, so the pages cost the same at 1 000 000 bookings as at 1 000.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.bookings.checkin import attendance
from usines.bookings.models import WaitlistEntry, WaitlistStatus
from usines.editions.models import Edition, Target, TargetMetric
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
    Slot,
)
from usines.outreach.services import compare
from usines.reference.models import Region, Sector
from usines.reports.models import Snapshot
from usines.schools.figures import class_figures


def event_day(edition: Edition) -> date | None:
    first = edition.days.order_by("date").first()
    return first.date if first else None


def _cumulative(per_day: dict[date, int], days: list[date]) -> list[int]:
    total, series = 0, []
    for day in days:
        total += per_day.get(day, 0)
        series.append(total)
    return series


@dataclass
class GoalCurve:
    days: list[date]
    registered: list[int]
    approved: list[int]
    published: list[int]
    target: int
    previous: list[int | None]
    previous_name: str


def _per_day(queryset, field: str) -> dict[date, int]:
    return dict(
        queryset.annotate(day=TruncDate(field))
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )


def goal_curve(edition: Edition, participations, region: Region | None = None) -> GoalCurve:
    """Registered, approved and published factories per day, cumulated; the target;
    and the previous edition at the same number of days before its event."""
    events = ParticipationEvent.objects.filter(participation__in=participations)
    registered = _per_day(participations.order_by(), "created_at")
    approved = _per_day(events.filter(action=ParticipationAction.APPROVED).order_by(), "created_at")
    published = _per_day(
        events.filter(action=ParticipationAction.PUBLISHED).order_by(), "created_at"
    )
    today = timezone.localdate()
    start = min([*registered, today])
    end = max(today, start)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    target = (
        Target.objects.filter(edition=edition, region=region, metric=TargetMetric.FACTORIES)
        .values_list("value", flat=True)
        .first()
    )
    if target is None and region is None:
        target = edition.target_factories
    previous = (
        Edition.objects.filter(year__lt=edition.year)
        .exclude(pk=edition.pk)
        .order_by("-year")
        .first()
    )
    previous_series: list[int | None] = [None] * len(days)
    if previous is not None and event_day(previous) and event_day(edition):
        shift = event_day(edition) - event_day(previous)
        earlier = Participation.objects.filter(edition=previous)
        if region is not None:
            earlier = earlier.filter(site__commune__department__region=region)
        per_day = _per_day(earlier.order_by(), "created_at")
        shifted = {day + shift: n for day, n in per_day.items()}
        before = sum(n for day, n in shifted.items() if day < start)
        series = _cumulative(shifted, days)
        previous_series = [before + value for value in series]
    return GoalCurve(
        days=days,
        registered=_cumulative(registered, days),
        approved=_cumulative(approved, days),
        published=_cumulative(published, days),
        target=target or 0,
        previous=previous_series,
        previous_name=previous.name if previous else "",
    )


@dataclass
class Row:
    label: str
    capacity: int
    booked: int

    @property
    def fill_rate(self) -> float:
        return round(100 * self.booked / self.capacity, 1) if self.capacity else 0.0


def _slot_rows(slots, key: str, labels: dict) -> list[Row]:
    rows = (
        slots.order_by()
        .values(key)
        .annotate(capacity=Sum("capacity"), booked=Sum(F("booked") - F("held")))
        .values_list(key, "capacity", "booked")
    )
    return sorted(
        (
            Row(str(labels.get(value, value)), capacity or 0, booked or 0)
            for value, capacity, booked in rows
        ),
        key=lambda row: -row.booked,
    )


@dataclass
class Dashboard:
    by_day: list[dict]
    by_region: list[Row]
    by_sector: list[Row]
    total: Row
    waiting_parties: int
    waiting_persons: int
    classes: list
    attendance: object
    factories: dict[str, int]


def dashboard(participations) -> Dashboard:
    """The edition as it stands: one grouped query per table."""
    published = participations.filter(status=ParticipationStatus.PUBLISHED)
    slots = Slot.objects.filter(visit__participation__in=published, is_cancelled=False)
    # From the slots' own counters, not by reading a million bookings.
    by_day = list(
        slots.order_by()
        .values("day__date", "audience")
        .annotate(capacity=Sum("capacity"), persons=Sum(F("booked") - F("held")))
        .order_by("day__date", "audience")
    )
    regions = dict(Region.objects.values_list("pk", "name"))
    totals = slots.aggregate(capacity=Sum("capacity"), booked=Sum(F("booked") - F("held")))
    waiting = WaitlistEntry.objects.filter(slot__in=slots, status=WaitlistStatus.WAITING).aggregate(
        parties=Count("pk"), persons=Sum("party_size")
    )
    statuses = dict(
        participations.order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return Dashboard(
        by_day=by_day,
        by_region=_slot_rows(
            slots, "visit__participation__site__commune__department__region", regions
        ),
        by_sector=_slot_rows(
            slots, "visit__participation__site__naf__division__sector", dict(Sector.choices)
        ),
        total=Row(_("Total"), totals["capacity"] or 0, totals["booked"] or 0),
        waiting_parties=waiting["parties"] or 0,
        waiting_persons=waiting["persons"] or 0,
        classes=class_figures(published),
        attendance=attendance(published),
        factories={status: statuses.get(status, 0) for status in ParticipationStatus.values},
    )


def take_snapshot(edition: Edition, label: str, participations) -> Snapshot:
    """Keep the representativeness comparison as it stands, e.g. at a phase's end."""
    data = [
        {
            "dimension": item.dimension,
            "index": item.index,
            "gaps": [
                {"key": gap.key, "points": gap.points, "panel": gap.panel} for gap in item.gaps
            ],
        }
        for item in compare(participations)
    ]
    return Snapshot.objects.create(edition=edition, label=label, data=data)


def open_phase_snapshots(edition: Edition, participations) -> list[Snapshot]:
    """Take the snapshot of every phase that has ended and has none yet (run daily)."""
    made = []
    today = timezone.localdate()
    for phase in edition.phases.filter(ends_on__lt=today):
        label = str(phase)
        if not Snapshot.objects.filter(edition=edition, label=label).exists():
            made.append(take_snapshot(edition, label, participations))
    return made
