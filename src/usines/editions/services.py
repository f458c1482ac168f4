"""Every write on an edition: its settings and days, its phases, its targets, and the
copy that prepares next year's.

Each function is one transaction and checks its rules before writing; the console's
pages call them (who may is the pages' check: national organisers only). Rows are
saved one by one where a process keeps what it read (the booking path's calendars
and slot facts forget them on save, in every process, see bookings/recent.py).
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from usines.editions.calendar import BOOKINGS, Window
from usines.editions.exceptions import DayInUse, EditionError, EditionExists
from usines.editions.models import Edition, EditionDay, Phase, PhaseKind, Target, TargetMetric

CLOSING_DAYS = 30


@dataclass(frozen=True)
class EditionSettings:
    """What an organiser sets on the edition itself (validated by the form)."""

    name: str
    year: int
    tagline: str
    tagline_en: str
    is_published: bool
    max_party_size: int
    max_class_size: int
    max_places_per_email_per_slot: int
    max_bookings_per_email_per_day: int


@dataclass(frozen=True)
class DaySettings:
    """One day as the form sends it; `day` is the day it changes, None for a new one."""

    date: date
    audience: str
    bookings_open_at: datetime
    bookings_close_at: datetime
    day: EditionDay | None = None


def _unique_slug(name: str) -> str:
    base = slugify(name)[:140] or "edition"
    slug, n = base, 2
    while Edition.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _save_days(edition: Edition, days: list[DaySettings], removed: Iterable[EditionDay]) -> None:
    """Remove, change and add days; a day with slots keeps its date and audience."""
    removed = list(EditionDay.objects.filter(edition=edition, pk__in=[day.pk for day in removed]))
    for day in removed:
        if day.slots.exists():
            raise DayInUse(
                _("%(date)s has slots: it stays (the hosts' slots would be lost).")
                % {"date": date_format(day.date, "j F Y")}
            )
    dates = [settings.date for settings in days]
    for repeated in {d for d in dates if dates.count(d) > 1}:
        raise EditionError(
            _("Two days fall on %(date)s.") % {"date": date_format(repeated, "j F Y")}
        )
    for day in removed:
        day.delete()
    for settings in days:
        # Read afresh: a form may have changed the instance it was given.
        day = (
            EditionDay.objects.get(pk=settings.day.pk, edition=edition)
            if settings.day
            else EditionDay(edition=edition)
        )
        moved = day.pk and (day.date, day.audience) != (settings.date, settings.audience)
        if moved and day.slots.exists():
            raise DayInUse(
                _("%(date)s has slots: its date and audience stay.")
                % {"date": date_format(day.date, "j F Y")}
            )
        for name, value in asdict(settings).items():
            if name != "day":
                setattr(day, name, value)
        if day.bookings_close_at <= day.bookings_open_at:
            raise EditionError(_("Bookings must close after they open."))
        day.save()


def default_phases(days: list[DaySettings], today: date) -> dict[str, tuple[date, date]]:
    """A calendar that follows the days: registration from today to the eve of the
    first day, each audience's bookings over its days' windows, the open days, and a
    closing month."""
    first = min(settings.date for settings in days)
    last = max(settings.date for settings in days)
    periods = {PhaseKind.REGISTRATION: (today, max(today, first - timedelta(days=1)))}
    for audience, kind in BOOKINGS.items():
        windows = [
            Window(settings.bookings_open_at, settings.bookings_close_at)
            for settings in days
            if settings.audience == audience
        ]
        if windows:
            opens = min(timezone.localtime(window.opens_at).date() for window in windows)
            closes = max(window.last_day for window in windows)
            periods[kind] = (opens, max(opens, closes))
    periods[PhaseKind.EVENT] = (first, last)
    periods[PhaseKind.CLOSING] = (last + timedelta(days=1), last + timedelta(days=CLOSING_DAYS))
    return periods


@transaction.atomic
def create_edition(settings: EditionSettings, days: list[DaySettings]) -> Edition:
    """A new edition with its days, and phases that follow them (to adjust after)."""
    if not days:
        raise EditionError(_("Give the edition at least one day."))
    edition = Edition.objects.create(slug=_unique_slug(settings.name), **asdict(settings))
    _save_days(edition, days, removed=())
    set_phases(edition, default_phases(days, timezone.localdate()))
    return edition


@transaction.atomic
def update_edition(
    edition: Edition,
    settings: EditionSettings,
    days: list[DaySettings],
    removed: Iterable[EditionDay] = (),
) -> Edition:
    """Change the edition's settings and days. Raises DayInUse for a day with slots
    removed, moved or given another audience; EditionError for two days on one date."""
    for name, value in asdict(settings).items():
        setattr(edition, name, value)
    edition.save()
    _save_days(edition, days, removed)
    if not edition.days.exists():
        raise EditionError(_("Give the edition at least one day."))
    return edition


@transaction.atomic
def set_phases(edition: Edition, periods: dict[str, tuple[date, date] | None]) -> None:
    """Set each kind of phase named in `periods` to its first and last day, or remove
    it (None): what has no phase stays closed (see editions/calendar.py)."""
    existing = {phase.kind: phase for phase in edition.phases.all()}
    for kind, period in periods.items():
        phase = existing.get(kind)
        if period is None:
            if phase is not None:
                phase.delete()
            continue
        starts_on, ends_on = period
        if ends_on < starts_on:
            raise EditionError(_("A phase must end on or after the day it starts."))
        phase = phase or Phase(edition=edition, kind=kind)
        phase.starts_on, phase.ends_on = starts_on, ends_on
        phase.save()


@transaction.atomic
def set_targets(edition: Edition, values: dict[tuple[str | None, str], int | None]) -> None:
    """Set each target named in `values` ((region code or None for France, metric) →
    value), or remove it (None). The national factories target is also the edition's."""
    existing = {(target.region_id, target.metric): target for target in edition.targets.all()}
    for (region_id, metric), value in values.items():
        target = existing.get((region_id, metric))
        if value is None:
            if target is not None:
                target.delete()
            continue
        target = target or Target(edition=edition, region_id=region_id, metric=metric)
        target.value = value
        target.save()
    if (None, TargetMetric.FACTORIES) in values:
        edition.target_factories = values[(None, TargetMetric.FACTORIES)] or 0
        edition.save(update_fields=["target_factories"])


def next_year_date(day: date) -> date:
    """The same weekday of the same ISO week a year later (week 53 becomes 52)."""
    year, week, weekday = day.isocalendar()
    try:
        return date.fromisocalendar(year + 1, week, weekday)
    except ValueError:
        return date.fromisocalendar(year + 1, 52, weekday)


def _shifted(moment: datetime, shift: timedelta) -> datetime:
    """`moment` `shift` days later at the same local time (across a clock change too)."""
    local = timezone.localtime(moment)
    return datetime.combine(local.date() + shift, local.time(), timezone.get_current_timezone())


def _next_name(edition: Edition) -> str:
    year, next_year = str(edition.year), str(edition.year + 1)
    return (
        edition.name.replace(year, next_year)
        if year in edition.name
        else f"{edition.name} {next_year}"
    )


@transaction.atomic
def prepare_next_edition(edition: Edition) -> Edition:
    """A draft of next year's edition copied from this one: its settings, its days
    (the first one on the same weekday of the same ISO week a year later, the others
    and the booking windows moved as much), its phases moved the same, its targets.
    Raises EditionExists when next year already has an edition."""
    year = edition.year + 1
    existing = Edition.objects.filter(year=year).first()
    if existing is not None:
        raise EditionExists(
            existing,
            _("%(year)s already has its edition: %(name)s.")
            % {"year": year, "name": existing.name},
        )
    days = list(edition.days.order_by("date"))
    first = days[0].date if days else timezone.localdate()
    shift = next_year_date(first) - first
    name = _next_name(edition)
    copy = Edition.objects.create(
        name=name,
        slug=_unique_slug(name),
        year=year,
        tagline=edition.tagline,
        tagline_en=edition.tagline_en,
        is_published=False,
        max_party_size=edition.max_party_size,
        max_class_size=edition.max_class_size,
        max_places_per_email_per_slot=edition.max_places_per_email_per_slot,
        max_bookings_per_email_per_day=edition.max_bookings_per_email_per_day,
        target_factories=edition.target_factories,
    )
    EditionDay.objects.bulk_create(
        EditionDay(
            edition=copy,
            date=day.date + shift,
            audience=day.audience,
            bookings_open_at=_shifted(day.bookings_open_at, shift),
            bookings_close_at=_shifted(day.bookings_close_at, shift),
        )
        for day in days
    )
    Phase.objects.bulk_create(
        Phase(
            edition=copy,
            kind=phase.kind,
            starts_on=phase.starts_on + shift,
            ends_on=phase.ends_on + shift,
        )
        for phase in edition.phases.all()
    )
    Target.objects.bulk_create(
        Target(edition=copy, region_id=target.region_id, metric=target.metric, value=target.value)
        for target in edition.targets.all()
    )
    return copy


NOSHOW_RULES = (
    "release_after_minutes",
    "short_notice_minutes",
    "first_reminder_days",
    "second_reminder_days",
    "release_unconfirmed",
    "reconfirm_hours",
)


def set_noshow_rules(edition: Edition, rules: dict) -> None:
    """The edition's rules against empty places: release time of places not checked
    in, the minutes to reach the gate, the reminders, and whether places of those who
    do not answer them are released (bookings.release, bookings.reminders)."""
    for name in NOSHOW_RULES:
        setattr(edition, name, rules[name])
    edition.save(update_fields=list(NOSHOW_RULES))
