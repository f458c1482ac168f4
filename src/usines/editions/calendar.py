"""What an edition's phases open, and until when: the one reading of the phases.

A phase is a stretch of whole days (local time, both ends included) of one kind:

- registration: hosts register their sites and submit their participations;
- school_bookings: teachers book classes, each school day within its own booking
  window (`EditionDay.bookings_open_at` / `bookings_close_at`);
- public_bookings: visitors book, each public day within its own booking window;
- event: the open days themselves (the cockpit shows it; it opens nothing);
- closing: the edition is over: from its first day neither registration nor any
  booking is open, whatever the other phases say.

What has no phase of its kind is closed. Nothing here queries the database except
`edition_calendar`, which reads an edition's phases once; the booking path keeps
each edition's calendar per process (`bookings.rules.edition_calendar`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from usines.editions.models import Audience, Edition, EditionDay, Phase, PhaseKind

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"

BOOKINGS = {Audience.SCHOOL: PhaseKind.SCHOOL_BOOKINGS, Audience.PUBLIC: PhaseKind.PUBLIC_BOOKINGS}
# What the closing phase stops.
OPENINGS = (PhaseKind.REGISTRATION, PhaseKind.SCHOOL_BOOKINGS, PhaseKind.PUBLIC_BOOKINGS)


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, local time."""
    return datetime.combine(day, time(0), timezone.get_current_timezone())


@dataclass(frozen=True)
class Window:
    """From `opens_at` (included) to `closes_at` (excluded)."""

    opens_at: datetime
    closes_at: datetime

    def state(self, now: datetime) -> str:
        if now < self.opens_at:
            return UPCOMING
        return OPEN if now < self.closes_at else CLOSED

    def within(self, other: "Window | None") -> "Window | None":
        """The part of this window inside `other`; None when they do not meet."""
        if other is None:
            return None
        opens, closes = max(self.opens_at, other.opens_at), min(self.closes_at, other.closes_at)
        return Window(opens, closes) if opens < closes else None

    def ending_by(self, moment: datetime) -> "Window | None":
        """This window cut at `moment`; None when it would not open before."""
        closes = min(self.closes_at, moment)
        return Window(self.opens_at, closes) if self.opens_at < closes else None

    @property
    def opens_at_midnight(self) -> bool:
        return timezone.localtime(self.opens_at).time() == time(0)

    @property
    def closes_at_midnight(self) -> bool:
        """Whether it closes at the end of a day (then the pages name `last_day`)."""
        return timezone.localtime(self.closes_at).time() == time(0)

    @property
    def last_day(self) -> date:
        """The last day the window is open, local time."""
        return timezone.localtime(self.closes_at - timedelta(microseconds=1)).date()


@dataclass(frozen=True)
class Opening:
    """Where a window stands at one moment, as the pages say it: open until its
    close, opening on its start, or closed (also when there is no window)."""

    window: Window | None
    state: str

    @property
    def is_open(self) -> bool:
        return self.state == OPEN

    @property
    def is_upcoming(self) -> bool:
        return self.state == UPCOMING


def opening(window: Window | None, now: datetime) -> Opening:
    return Opening(window, window.state(now) if window else CLOSED)


@dataclass(frozen=True)
class Calendar:
    """An edition's phases as windows, by kind; registration and bookings end where
    the closing phase starts."""

    windows: dict[str, Window] = field(default_factory=dict)

    @classmethod
    def of(cls, phases: Iterable[Phase]) -> "Calendar":
        spans = {
            phase.kind: Window(start_of(phase.starts_on), start_of(phase.ends_on + timedelta(1)))
            for phase in phases
        }
        closing = spans.get(PhaseKind.CLOSING)
        if closing is not None:
            for kind in OPENINGS:
                if kind in spans:
                    spans[kind] = spans[kind].ending_by(closing.opens_at)
        return cls({kind: window for kind, window in spans.items() if window is not None})

    def window(self, kind: str) -> Window | None:
        return self.windows.get(kind)

    def opening(self, kind: str, now: datetime) -> Opening:
        return opening(self.window(kind), now)

    def is_open(self, kind: str, now: datetime) -> bool:
        return self.opening(kind, now).is_open

    def booking_window(self, day: EditionDay) -> Window | None:
        """When `day` takes bookings: its own window, within its audience's phase."""
        own = Window(day.bookings_open_at, day.bookings_close_at)
        return own.within(self.window(BOOKINGS[day.audience]))

    def day_opening(self, day: EditionDay, now: datetime) -> Opening:
        return opening(self.booking_window(day), now)


def edition_calendar(edition: Edition) -> Calendar:
    """The edition's calendar, from its phases (prefetched ones are used as they are)."""
    return Calendar.of(edition.phases.all())


@dataclass(frozen=True)
class DayOpening:
    day: EditionDay
    opening: Opening


def day_openings(edition: Edition, days: Iterable[EditionDay], now: datetime) -> list[DayOpening]:
    """Each day with where its bookings stand now, for the pages."""
    calendar = edition_calendar(edition)
    return [DayOpening(day, calendar.day_opening(day, now)) for day in days]
