"""The attendee list of a site, as CSV and XLSX; the printable PDF (one page per slot)
is the template hosts/attendees_pdf.html.

Files are named after the site and the date (`<site>-<date>-inscrits.xlsx`, ASCII
only), moments are real dates in XLSX, and a class's row names its teacher."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from usines import spreadsheets
from usines.bookings.models import Booking, BookingStatus
from usines.editions.models import EditionDay
from usines.factories.models import Participation, Site, Slot


@dataclass(frozen=True)
class Row:
    start: datetime
    audience: str
    name: str
    email: str
    places: int
    teacher: str
    booked_at: datetime
    code: str
    checked_in: datetime | None


def _header() -> list[str]:
    return [
        _("Slot"),
        _("Audience"),
        _("Name"),
        _("E-mail"),
        _("Places"),
        _("Teacher"),
        _("Booked at"),
        _("Check-in code"),
        _("Checked in at"),
    ]


def filename(site: Site, day: EditionDay | None = None, today: date | None = None) -> str:
    """`<site-name>-<date>-inscrits`, ASCII only: the day's date for one day's list,
    else the date the list is made."""
    name = slugify(site.name)[:60].strip("-") or f"site-{site.pk}"
    when = day.date if day is not None else (today or timezone.localdate())
    return f"{name}-{when.isoformat()}-inscrits"


def slots_with_bookings(participation: Participation, day=None) -> list[tuple[Slot, list[Booking]]]:
    """Each open slot with its confirmed bookings (a class's with its teacher), by
    start (then as created) and name: two queries."""
    slots = participation.visit.slots.filter(is_cancelled=False).select_related("day")
    if day is not None:
        slots = slots.filter(day=day)
    slots = list(slots.order_by("starts_at", "pk"))
    bookings: dict[int, list[Booking]] = {slot.pk: [] for slot in slots}
    for booking in (
        Booking.objects.filter(slot__in=slots, status=BookingStatus.CONFIRMED)
        .select_related("class_group__teacher")
        .order_by("name", "pk")
    ):
        bookings[booking.slot_id].append(booking)
    return [(slot, bookings[slot.pk]) for slot in slots]


def teacher_of(booking: Booking) -> tuple[str, str]:
    """A class's teacher as (name, e-mail); empty for any other booking."""
    if booking.class_group is None:
        return "", ""
    teacher = booking.class_group.teacher
    return teacher.get_full_name() or teacher.email, teacher.email


def rows(groups) -> list[Row]:
    result = []
    for slot, bookings in groups:
        for booking in bookings:
            teacher, teacher_email = teacher_of(booking)
            result.append(
                Row(
                    start=slot.starts_at,
                    audience=str(slot.get_audience_display()),
                    name=booking.name,
                    email=teacher_email or booking.email,
                    places=booking.party_size,
                    teacher=teacher,
                    booked_at=booking.created_at,
                    code=booking.checkin_code,
                    checked_in=booking.checked_in_at,
                )
            )
    return result


def _lines(groups) -> list[list]:
    return [
        [row.start, row.audience, row.name, row.email, row.places, row.teacher,
         row.booked_at, row.code, row.checked_in]
        for row in rows(groups)
    ]  # fmt: skip


def download(groups, fmt: str, name: str):
    """The attendee list as CSV or XLSX (a 404 for any other format)."""
    return spreadsheets.download(
        _header(), _lines(groups), fmt, name,
        title=_("Bookings"), widths=(17, 14, 28, 32, 8, 24, 17, 14, 17),
    )  # fmt: skip
