"""The attendee list of a site, as CSV and XLSX; the printable PDF (one page per slot)
is the template hosts/attendees_pdf.html."""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from usines import spreadsheets
from usines.bookings.models import Booking, BookingStatus
from usines.factories.models import Participation, Slot


@dataclass(frozen=True)
class Row:
    start: str
    audience: str
    name: str
    email: str
    places: int
    code: str
    checked_in: str


def _header() -> list[str]:
    return [
        _("Slot"),
        _("Audience"),
        _("Name"),
        _("E-mail"),
        _("Places"),
        _("Check-in code"),
        _("Checked in at"),
    ]


def slots_with_bookings(participation: Participation, day=None) -> list[tuple[Slot, list[Booking]]]:
    """Each open slot with its confirmed bookings, by start then name: two queries."""
    slots = participation.visit.slots.filter(is_cancelled=False).select_related("day")
    if day is not None:
        slots = slots.filter(day=day)
    slots = list(slots.order_by("starts_at"))
    bookings: dict[int, list[Booking]] = {slot.pk: [] for slot in slots}
    for booking in Booking.objects.filter(slot__in=slots, status=BookingStatus.CONFIRMED).order_by(
        "name", "pk"
    ):
        bookings[booking.slot_id].append(booking)
    return [(slot, bookings[slot.pk]) for slot in slots]


def rows(groups) -> list[Row]:
    result = []
    for slot, bookings in groups:
        start = timezone.localtime(slot.starts_at).strftime("%d/%m/%Y %H:%M")
        for booking in bookings:
            checked = (
                timezone.localtime(booking.checked_in_at).strftime("%H:%M")
                if booking.checked_in_at
                else ""
            )
            result.append(
                Row(
                    start,
                    str(slot.get_audience_display()),
                    booking.name,
                    booking.email,
                    booking.party_size,
                    booking.checkin_code,
                    checked,
                )
            )
    return result


def _lines(groups) -> list[list]:
    return [
        [row.start, row.audience, row.name, row.email, row.places, row.code, row.checked_in]
        for row in rows(groups)
    ]


def download(groups, fmt: str, filename: str):
    """The attendee list as CSV or XLSX (a 404 for any other format)."""
    return spreadsheets.download(
        _header(), _lines(groups), fmt, filename,
        title=_("Bookings"), widths=(17, 14, 28, 32, 8, 14, 12),
    )  # fmt: skip
