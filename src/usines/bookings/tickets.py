"""A booking's ticket: the QR code of its check-in code and its calendar file."""

import io
from email.utils import parseaddr
from enum import StrEnum

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event, vText

from usines.bookings.models import Booking


def ticket_qr(booking: Booking) -> segno.QRCode:
    """The QR code holds the check-in code alone: nothing personal travels in it."""
    return segno.make(booking.checkin_code, error="m", micro=False)


def ticket_qr_svg(booking: Booking) -> str:
    buffer = io.BytesIO()
    ticket_qr(booking).save(
        buffer,
        kind="svg",
        scale=6,
        border=2,
        xmldecl=False,
        svgns=True,
        title=f"{booking.checkin_code}",
    )
    return buffer.getvalue().decode()


def ticket_qr_png(booking: Booking) -> bytes:
    buffer = io.BytesIO()
    ticket_qr(booking).save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


class CalendarMethod(StrEnum):
    """What a calendar file asks of the calendar that reads it (iTIP, RFC 5546)."""

    PUBLISH = "PUBLISH"  # a file downloaded from the booking page, imported by hand
    REQUEST = "REQUEST"  # the entry e-mailed with a confirmation or a change: add or update it
    CANCEL = "CANCEL"  # the entry e-mailed with a cancellation: remove it


def calendar_uid(booking: Booking) -> str:
    """The event's identity, the same in every file about the booking, so that an update
    or a cancellation replaces the entry the visitor's calendar already holds."""
    return f"booking-{booking.pk}-{booking.checkin_code}@usines-ouvertes"


def _description(booking: Booking, manage_url: str) -> str:
    """The event's text, in the active language: places, code, where to meet, the way."""
    visit = booking.slot.visit
    site = visit.participation.site
    places = ngettext("%(n)s place", "%(n)s places", booking.party_size) % {"n": booking.party_size}
    lines = [visit.title, f"{places} – {_('Check-in code')}: {booking.checkin_code}"]
    if visit.meeting_point:
        lines.append(f"{_('Meeting point')}: {visit.meeting_point}")
    lines.append(f"{_('Directions')}: {site.directions_url}")
    lines.append(f"{_('Your booking')}: {manage_url}")
    return "\n".join(lines)


def ticket_ics(booking: Booking, method: CalendarMethod = CalendarMethod.PUBLISH) -> bytes:
    """An iCalendar file with the visit as one event: its place, meeting point, way
    there and private link, in the active language.

    The UID never changes and SEQUENCE is the booking's `calendar_sequence`, so a
    calendar keeps the latest file it receives. A cancelled booking, or the method
    CANCEL, gives STATUS:CANCELLED. The e-mailed methods (REQUEST, CANCEL) name the
    organiser and the visitor, as iTIP requires of them.
    """
    slot = booking.slot
    site = slot.visit.participation.site
    manage_url = settings.SITE_URL + reverse("web:booking", args=[booking.token])
    cancelled = method == CalendarMethod.CANCEL or not booking.is_active
    calendar = Calendar()
    calendar.add("prodid", "-//Usines Ouvertes//Billet//FR")
    calendar.add("version", "2.0")
    calendar.add("method", str(method))
    event = Event()
    event.add("uid", calendar_uid(booking))
    event.add("sequence", booking.calendar_sequence)
    event.add("dtstamp", timezone.now())
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", f"{slot.day.edition.name} – {site.name}")
    event["location"] = vText(f"{site.address}, {site.postcode} {site.commune.name}")
    event.add("geo", (site.latitude, site.longitude))
    event.add("description", _description(booking, manage_url))
    event.add("url", manage_url)
    sender_name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    event.add("organizer", f"mailto:{sender}", parameters={"CN": sender_name or "Usines Ouvertes"})
    if method != CalendarMethod.PUBLISH:
        attendee = {"CN": booking.name, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"}
        if not cancelled:
            attendee["PARTSTAT"] = "ACCEPTED"  # booked: nothing to answer
        event.add("attendee", f"mailto:{booking.email}", parameters=attendee)
    calendar.add_component(event)
    return calendar.to_ical()
