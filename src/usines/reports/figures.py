"""The edition's figures, kept as one small table of cells and rebuilt in the background.

Counting a million bookings at every view of a dashboard costs 0.5–1 s: joins of a
million rows on SQLite, three tables of classes on PostgreSQL. Instead `build` runs
the grouped queries once for the whole edition, grouped by region and sector (and
day, audience or level), and `refresh` keeps the result as one row. Every
dashboard, national or regional, reads that row and sums a few hundred cells.

A page reading figures older than FIGURES_MAX_AGE seconds asks for a refresh (one
task at a time, run by the worker) and says how old its figures are; an organiser
may also refresh them at once.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.bookings.checkin import Attendance
from usines.editions.models import Audience, Edition, EditionDay, Target, TargetMetric
from usines.factories.models import ParticipationAction, ParticipationStatus
from usines.reference.models import Region, Sector
from usines.reports.cells import FORMAT, refresh, refresh_edition_figures
from usines.reports.models import EditionFigures
from usines.schools.figures import ClassFigures, summarise

__all__ = ["Figures", "current", "refresh"]


def current(edition: Edition) -> EditionFigures:
    """The kept figures; computed now the first time, and refreshed in the background
    (one task at a time) once older than FIGURES_MAX_AGE seconds."""
    figures = EditionFigures.objects.filter(edition=edition).first()
    if figures is None or figures.data.get("format") != FORMAT:
        return refresh(edition)
    now = timezone.now()
    stale = now - timedelta(seconds=settings.FIGURES_MAX_AGE)
    if figures.computed_at < stale:
        asked = (
            EditionFigures.objects.filter(pk=figures.pk)
            .filter(Q(requested_at__isnull=True) | Q(requested_at__lt=stale))
            .update(requested_at=now)
        )
        if asked:
            edition_id = edition.pk
            refresh_edition_figures.enqueue(edition_id)
    return figures


@dataclass
class GoalCurve:
    days: list[date]
    registered: list[int]
    approved: list[int]
    published: list[int]
    target: int
    previous: list[int | None]
    previous_name: str
    places: list[int]
    classes: list[int]
    places_target: int | None
    classes_target: int | None


@dataclass
class Row:
    label: str
    capacity: int
    booked: int

    @property
    def fill_rate(self) -> float:
        return round(100 * self.booked / self.capacity, 1) if self.capacity else 0.0


@dataclass
class Dashboard:
    by_day: list[dict]
    by_region: list[Row]
    by_sector: list[Row]
    total: Row
    waiting_parties: int
    waiting_persons: int
    classes: list[ClassFigures]
    attendance: Attendance
    factories: dict[str, int]


def _cumulative(per_day: dict[date, int], days: list[date]) -> list[int]:
    total, series = 0, []
    for day in days:
        total += per_day.get(day, 0)
        series.append(total)
    return series


class Figures:
    """The kept figures of an edition, for all of France or one region."""

    def __init__(self, stored: EditionFigures, region: Region | None = None):
        self.edition = stored.edition
        self.computed_at: datetime = stored.computed_at
        self.previous_name: str = stored.data["previous_name"]
        self.region = region
        self._data = stored.data

    @classmethod
    def of(cls, edition: Edition, region: Region | None = None) -> "Figures":
        return cls(current(edition), region)

    def cells(self, table: str) -> list[dict]:
        if self.region is None:
            return self._data[table]
        return [cell for cell in self._data[table] if cell["region"] == self.region.pk]

    def _rows(self, key: str, labels: dict) -> list[Row]:
        sums: dict = defaultdict(lambda: [0, 0])
        for cell in self.cells("slots"):
            sums[cell[key]][0] += cell["capacity"] or 0
            sums[cell[key]][1] += cell["booked"] or 0
        rows = [
            Row(str(labels.get(value, value)), capacity, booked)
            for value, (capacity, booked) in sums.items()
        ]
        return sorted(rows, key=lambda row: -row.booked)

    def dashboard(self) -> Dashboard:
        days = {day.pk: day.date for day in self.edition.days.all()}
        by_day: dict = defaultdict(lambda: {"capacity": 0, "persons": 0})
        for cell in self.cells("slots"):
            row = by_day[(days.get(cell["day_id"]), cell["audience"])]
            row["capacity"] += cell["capacity"] or 0
            row["persons"] += cell["booked"] or 0
        waiting = self.cells("waiting")
        statuses: dict = defaultdict(int)
        for cell in self.cells("statuses"):
            statuses[cell["status"]] += cell["n"]
        by_region = self._rows("region", dict(Region.objects.values_list("pk", "name")))
        return Dashboard(
            by_day=[
                {"day__date": day, "audience": audience, **figures}
                for (day, audience), figures in sorted(by_day.items())
            ],
            by_region=by_region,
            by_sector=self._rows("sector", dict(Sector.choices)),
            total=Row(
                _("Total"),
                sum(row.capacity for row in by_region),
                sum(row.booked for row in by_region),
            ),
            waiting_parties=sum(cell["parties"] for cell in waiting),
            waiting_persons=sum(cell["persons"] or 0 for cell in waiting),
            classes=self.classes("level"),
            attendance=self.attendance(),
            factories={status: statuses[status] for status in ParticipationStatus.values},
        )

    def classes(self, by: str = "level") -> list[ClassFigures]:
        return summarise(self.cells("classes"), by)

    def attendance(self, day: EditionDay | None = None, region: str | None = None) -> Attendance:
        """Booked and present persons, walk-ins by category; on one day, in one region."""

        def wanted(cell: dict) -> bool:
            return (day is None or cell["day_id"] == day.pk) and (
                region is None or cell["region"] == region
            )

        figures = Attendance()
        for cell in filter(wanted, self.cells("slots")):
            figures.booked += cell["booked"] or 0
            if cell["audience"] == Audience.SCHOOL:
                figures.booked_school += cell["booked"] or 0
        for cell in filter(wanted, self.cells("present")):
            figures.present += cell["present"] or 0
            if cell["audience"] == Audience.SCHOOL:
                figures.present_school += cell["present"] or 0
        for cell in filter(wanted, self.cells("walk_ins")):
            figures.walk_ins[cell["category"]] = (
                figures.walk_ins.get(cell["category"], 0) + cell["count"]
            )
        return figures

    def attendance_by_region(self) -> list[tuple[str, Attendance]]:
        codes = {cell["region"] for cell in self.cells("slots")}
        names = Region.objects.filter(pk__in=codes).values_list("pk", "name")
        return sorted((name, self.attendance(region=code)) for code, name in names)

    def goal_curve(self) -> GoalCurve:
        """Registered, approved and published factories per day, cumulated, against the
        target and the previous edition at the same distance from its event; places
        and classes booked per day against theirs."""
        per_kind: dict = defaultdict(lambda: defaultdict(int))
        for cell in self.cells("curve"):
            day = date.fromisoformat(cell["date"])
            if cell["kind"] == "booked":
                per_kind["places"][day] += cell["places"] or 0
                per_kind["classes"][day] += cell["classes"]
            else:
                per_kind[cell["kind"]][day] += cell["n"]
        today = timezone.localdate()
        start = min([*per_kind["registered"], today])
        days = [start + timedelta(days=n) for n in range((today - start).days + 1)]
        targets = dict(
            Target.objects.filter(edition=self.edition, region=self.region).values_list(
                "metric", "value"
            )
        )
        factories = targets.get(TargetMetric.FACTORIES)
        if factories is None and self.region is None:
            factories = self.edition.target_factories
        previous: list[int | None] = [None] * len(days)
        if self.previous_name:
            before = sum(n for day, n in per_kind["previous"].items() if day < start)
            previous = [before + n for n in _cumulative(per_kind["previous"], days)]
        return GoalCurve(
            days=days,
            registered=_cumulative(per_kind["registered"], days),
            approved=_cumulative(per_kind[ParticipationAction.APPROVED], days),
            published=_cumulative(per_kind[ParticipationAction.PUBLISHED], days),
            target=factories or 0,
            previous=previous,
            previous_name=self.previous_name,
            places=_cumulative(per_kind["places"], days),
            classes=_cumulative(per_kind["classes"], days),
            places_target=targets.get(TargetMetric.VISITORS),
            classes_target=targets.get(TargetMetric.CLASSES),
        )

    def table(self, name: str) -> tuple[list, list[list]] | None:
        """One table of the dashboards, as a header and lines (for CSV and XLSX), or
        None when there is no such table."""
        audiences = dict(Audience.choices)
        if name in ("regions", "sectors"):
            board = self.dashboard()
            first = _("Region") if name == "regions" else _("Sector")
            header = [first, _("Places"), _("Booked"), _("Fill rate")]
            rows = board.by_region if name == "regions" else board.by_sector
            return header, [[row.label, row.capacity, row.booked, row.fill_rate] for row in rows]
        if name == "days":
            header = [_("Day"), _("Audience"), _("Places"), _("Persons")]
            return header, [
                [row["day__date"].isoformat(), audiences.get(row["audience"], ""),
                 row["capacity"], row["persons"]]
                for row in self.dashboard().by_day
            ]  # fmt: skip
        if name in ("classes", "classes-regions", "classes-sectors"):
            by, first = {
                "classes": ("level", _("Level")),
                "classes-regions": ("region", _("Region")),
                "classes-sectors": ("sector", _("Sector")),
            }[name]
            header = [first, _("Classes"), _("Pupils booked"), _("Girls booked"),
                      _("Pupils present"), _("Girls present")]  # fmt: skip
            return header, [
                [row.label, row.classes, row.pupils, row.girls, row.pupils_present,
                 row.girls_present]
                for row in self.classes(by)
            ]  # fmt: skip
        if name in ("attendance-days", "attendance-regions"):
            first = _("Day") if name == "attendance-days" else _("Region")
            header = [first, _("Booked"), _("Present (booked)"), _("Walk-ins"),
                      _("Pupils and teachers"), _("Public"), _("Total present")]  # fmt: skip
            if name == "attendance-days":
                rows = [
                    (f"{day.date.isoformat()} {day.get_audience_display()}", self.attendance(day))
                    for day in self.edition.days.all()
                ]
            else:
                rows = [*self.attendance_by_region(), (_("Total"), self.attendance())]
            return header, [
                [label, f.booked, f.present, f.walk_ins_total, f.school_present,
                 f.public_present, f.total_present]
                for label, f in rows
            ]  # fmt: skip
        if name == "curve":
            curve = self.goal_curve()
            header = [_("Day"), _("Registered"), _("Approved"), _("Published"),
                      _("Places booked"), _("Classes booked")]  # fmt: skip
            return header, [
                list(line)
                for line in zip(
                    [day.isoformat() for day in curve.days], curve.registered, curve.approved,
                    curve.published, curve.places, curve.classes, strict=True,
                )
            ]  # fmt: skip
        return None
