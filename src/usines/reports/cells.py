"""The edition's figures, computed: `build` runs one grouped query per table for the
whole edition, grouped by region and sector (and day, audience or level), and
`refresh` keeps the result as one row (`EditionFigures`). Reading them is figures.py.
"""

from datetime import UTC, date, datetime, timedelta

from django.db.models import CharField, Count, F, Func, Sum
from django.utils import timezone
from django_tasks import task

from usines.bookings.checkin import PERSONS_PRESENT
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus, WalkIn
from usines.editions.models import Edition
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
    Slot,
)
from usines.reports.models import EditionFigures
from usines.schools.figures import class_rows

# The shape of the kept cells; figures kept in another shape (by an earlier release)
# are rebuilt before they are read.
FORMAT = 1


def _region(path: str) -> F:
    """The site's region, reached from a model through `path` (to the participation)."""
    return F(f"{path}site__commune__department__region")


def _where(path: str) -> dict:
    """Region and sector of the site, reached from a model through `path`."""
    return {"region": _region(path), "sector": F(f"{path}site__naf__division__sector")}


def event_day(edition: Edition) -> date | None:
    first = edition.days.order_by("date").first()
    return first.date if first else None


def previous_edition(edition: Edition) -> Edition | None:
    return (
        Edition.objects.filter(year__lt=edition.year).exclude(pk=edition.pk).order_by("-year")
    ).first()


def build(edition: Edition) -> dict:
    """Every figure of the dashboards, grouped by region and sector: one grouped query
    per table, whatever the number of bookings."""
    everyone = Participation.objects.filter(edition=edition)
    published = everyone.filter(status=ParticipationStatus.PUBLISHED)
    slots = Slot.objects.filter(visit__participation__in=published, is_cancelled=False)
    booked = F("booked") - F("held")
    confirmed = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, slot__visit__participation__in=published
    )
    data = {
        "slots": slots.order_by()
        .values("day_id", "audience", **_where("visit__participation__"))
        .annotate(capacity=Sum("capacity"), booked=Sum(booked)),
        "waiting": WaitlistEntry.objects.filter(slot__in=slots, status=WaitlistStatus.WAITING)
        .order_by()
        .values(**_where("slot__visit__participation__"))
        .annotate(parties=Count("pk"), persons=Sum("party_size")),
        "present": confirmed.filter(checked_in_at__isnull=False)
        .order_by()
        .values(
            day_id=F("slot__day_id"),
            audience=F("slot__audience"),
            **_where("slot__visit__participation__"),
        )
        .annotate(present=Sum(PERSONS_PRESENT)),
        "walk_ins": WalkIn.objects.filter(participation__in=published)
        .order_by()
        .values("day_id", "category", **_where("participation__"))
        .annotate(count=Sum("count")),
        "classes": class_rows(published, "region", "sector", "level"),
        "statuses": everyone.order_by()
        .values("status", region=_region(""))
        .annotate(n=Count("pk")),
    }
    data = {table: list(rows) for table, rows in data.items()}
    previous = previous_edition(edition)
    data["curve"] = _curve_cells(edition, previous, everyone, confirmed)
    data["previous_name"] = previous.name if previous else ""
    data["format"] = FORMAT
    return data


class UtcHour(Func):
    """A timestamp's hour in UTC as text, "YYYY-MM-DD HH", computed by the database
    itself: Django's date truncation runs a Python function per row on SQLite, which
    costs seconds over a million bookings."""

    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite keeps aware datetimes as UTC text, "YYYY-MM-DD HH:MM:SS[.ffffff]".
        return self.as_sql(compiler, connection, template="substr(%(expressions)s, 1, 13)")

    def as_postgresql(self, compiler, connection, **extra):
        template = "to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
        return self.as_sql(compiler, connection, template=template)


def _local_date(hour: str) -> date:
    moment = datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=UTC)
    return timezone.localtime(moment).date()


def _curve_cells(edition: Edition, previous: Edition | None, everyone, confirmed) -> list[dict]:
    """Per region and local day: factories registered, approved and published, places
    and classes booked (still booked), and the previous edition's registrations moved
    to the same distance from its event."""
    region = _region("")
    hour = UtcHour("created_at")
    counted = [
        ("registered", everyone.values(region=region, hour=hour).annotate(n=Count("pk"))),
        (
            None,  # the kind is the action
            ParticipationEvent.objects.filter(
                participation__in=everyone,
                action__in=[ParticipationAction.APPROVED, ParticipationAction.PUBLISHED],
            )
            .values(
                kind=F("action"),
                region=_region("participation__"),
                hour=hour,
            )
            .annotate(n=Count("pk")),
        ),
        (
            "booked",
            confirmed.values(
                region=_region("slot__visit__participation__"),
                hour=hour,
            ).annotate(places=Sum("party_size"), classes=Count("class_group")),
        ),
    ]
    shift = timedelta(0)
    ours, theirs = event_day(edition), event_day(previous) if previous else None
    if ours and theirs:
        shift = ours - theirs
        earlier = Participation.objects.filter(edition=previous)
        counted.append(
            ("previous", earlier.values(region=region, hour=hour).annotate(n=Count("pk")))
        )
    cells: dict = {}
    for kind, rows in counted:
        for row in rows.order_by():
            day = _local_date(row.pop("hour")) + (shift if kind == "previous" else timedelta(0))
            key = (kind or row.pop("kind"), row.pop("region"), day.isoformat())
            cell = cells.setdefault(key, dict.fromkeys(row, 0))
            for measure, value in row.items():
                cell[measure] += value or 0
    return [
        {"kind": kind, "region": region, "date": day, **measures}
        for (kind, region, day), measures in cells.items()
    ]


def refresh(edition: Edition) -> EditionFigures:
    """Compute the edition's figures now and keep them, dated from when they were read."""
    started = timezone.now()
    figures, _created = EditionFigures.objects.update_or_create(
        edition=edition,
        defaults={"data": build(edition), "computed_at": started, "requested_at": None},
    )
    return figures


@task()
def refresh_edition_figures(edition_id: int) -> None:
    """Rebuild the organisers' dashboard figures (queued when they have aged)."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is not None:
        refresh(edition)
