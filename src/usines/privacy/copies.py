"""A visitor's copy of their data: what the platform holds about one booking (from its
private link) or about every booking of an address (from "My bookings"), as plain
values that the page shows and the JSON download carries. Class bookings are the
teacher's and are not part of a visitor's copy."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.bookings.consent import text_of
from usines.bookings.links import normalised_email
from usines.bookings.models import WITH_VISIT, Booking, WaitlistEntry
from usines.mailinglist import services as mailinglist


def visitor_bookings(email: str) -> QuerySet[Booking]:
    """Every booking made with this address that still holds its personal data."""
    return (
        Booking.objects.filter(
            email=normalised_email(email), class_group__isnull=True, anonymised_at__isnull=True
        )
        .select_related(*WITH_VISIT)
        .order_by("slot__starts_at", "pk")
    )


def visitor_entries(email: str) -> QuerySet[WaitlistEntry]:
    return (
        WaitlistEntry.objects.filter(
            email=normalised_email(email), class_group__isnull=True, anonymised_at__isnull=True
        )
        .select_related(*WITH_VISIT)
        .order_by("slot__starts_at", "pk")
    )


def _moment(value: datetime | None) -> datetime | None:
    """In the site's time zone: the page shows it as a date, the JSON in ISO 8601."""
    return timezone.localtime(value) if value else None


def _visit(slot) -> dict:
    site = slot.visit.participation.site
    return {
        "factory": site.name,
        "commune": site.commune.name if site.commune_id else "",
        "starts_at": _moment(slot.starts_at),
        "edition": slot.day.edition.name,
    }


def _booking(booking: Booking) -> dict:
    return {
        "visit": _visit(booking.slot),
        "name": booking.name,
        "email": booking.email,
        "postcode": booking.postcode,
        "language": booking.language,
        "places": booking.party_size,
        "status": booking.get_status_display(),
        "booked_at": _moment(booking.created_at),
        "cancelled_at": _moment(booking.cancelled_at),
        "checked_in_at": _moment(booking.checked_in_at),
        "check_in_code": booking.checkin_code,
        "consent_given_at": _moment(booking.consent_at),
        "consent_text": str(text_of(booking.consent_version)),
    }


def _entry(entry: WaitlistEntry) -> dict:
    return {
        "visit": _visit(entry.slot),
        "name": entry.name,
        "email": entry.email,
        "postcode": entry.postcode,
        "language": entry.language,
        "places": entry.party_size,
        "status": entry.get_status_display(),
        "joined_at": _moment(entry.created_at),
        "consent_given_at": _moment(entry.consent_at),
        "consent_text": str(text_of(entry.consent_version)),
    }


def _subscription(email: str) -> dict | None:
    row = mailinglist.subscription_of(email) if email else None
    if row is None:
        return None
    return {
        "email": row.email,
        "language": row.language,
        "status": row.get_status_display(),
        "asked_at": _moment(row.requested_at),
        "confirmed_at": _moment(row.confirmed_at),
    }


def visitor_copy(
    bookings: QuerySet[Booking], entries: QuerySet[WaitlistEntry], email: str = ""
) -> dict:
    """Everything held about these bookings and waiting-list entries (public ones),
    and, given the address its owner proved (My bookings), its next edition list entry."""
    return {
        "about": _("The personal data Usines Ouvertes holds about your bookings, as of this copy."),
        "made_at": _moment(timezone.now()),
        "bookings": [_booking(b) for b in bookings.filter(class_group__isnull=True)],
        "waiting_lists": [_entry(e) for e in entries.filter(class_group__isnull=True)],
        "next_edition_list": _subscription(email),
    }
