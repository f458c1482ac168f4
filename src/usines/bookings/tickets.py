"""A booking's ticket: the QR code of its check-in code and its calendar file."""

import io

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
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


def ticket_ics(booking: Booking) -> bytes:
    """An iCalendar file with the visit as one event, its place and the private link."""
    slot = booking.slot
    site = slot.visit.participation.site
    manage_url = settings.SITE_URL + reverse("web:booking", args=[booking.token])
    calendar = Calendar()
    calendar.add("prodid", "-//Usines Ouvertes//Billet//FR")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"booking-{booking.pk}-{booking.checkin_code}@usines-ouvertes")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("summary", f"{slot.day.edition.name} – {site.name}")
    event["location"] = vText(f"{site.address}, {site.postcode} {site.commune.name}")
    event.add("geo", (site.latitude, site.longitude))
    event.add(
        "description",
        f"{slot.visit.title}\n{booking.party_size} × {booking.checkin_code}\n{manage_url}",
    )
    event.add("url", manage_url)
    calendar.add_component(event)
    return calendar.to_ical()
