"""Every e-mail is a task, enqueued on commit and run by the worker (`manage.py db_worker`).

Tasks take ids, not objects, and read the rows when they run, so a retried or late
task sends what is true then.
"""

from django.conf import settings
from django.urls import reverse
from django_tasks import task

from usines.bookings.models import WITH_VISIT, Booking, WaitlistEntry
from usines.bookings.tickets import ticket_ics, ticket_qr_png
from usines.notifications.emails import Attachment, send_templated_email


def _booking_context(booking: Booking) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "site": booking.slot.visit.participation.site,
        "visit": booking.slot.visit,
        "edition": booking.slot.day.edition,
        "manage_url": settings.SITE_URL + reverse("web:booking", args=[booking.token]),
    }


def _load_booking(booking_id: int) -> Booking:
    return Booking.objects.select_related(*WITH_VISIT).get(pk=booking_id)


def _load_entry(entry_id: int) -> WaitlistEntry:
    return WaitlistEntry.objects.select_related(*WITH_VISIT).get(pk=entry_id)


def _entry_context(entry: WaitlistEntry) -> dict:
    return {
        "entry": entry,
        "slot": entry.slot,
        "site": entry.slot.visit.participation.site,
        "visit": entry.slot.visit,
        "edition": entry.slot.day.edition,
        "entry_url": settings.SITE_URL + reverse("web:waitlist_entry", args=[entry.token]),
    }


@task()
def send_booking_confirmed(booking_id: int) -> None:
    booking = _load_booking(booking_id)
    send_templated_email(
        "booking_confirmed",
        booking.email,
        _booking_context(booking),
        booking.language,
        attachments=(
            Attachment("visite.ics", ticket_ics(booking), "text/calendar"),
            Attachment(f"billet-{booking.checkin_code}.png", ticket_qr_png(booking), "image/png"),
        ),
    )


@task()
def send_booking_changed(booking_id: int) -> None:
    booking = _load_booking(booking_id)
    send_templated_email(
        "booking_changed", booking.email, _booking_context(booking), booking.language
    )


@task()
def send_booking_cancelled(booking_id: int) -> None:
    booking = _load_booking(booking_id)
    send_templated_email(
        "booking_cancelled", booking.email, _booking_context(booking), booking.language
    )


@task()
def send_waitlist_joined(entry_id: int) -> None:
    entry = _load_entry(entry_id)
    send_templated_email("waitlist_joined", entry.email, _entry_context(entry), entry.language)


@task()
def send_waitlist_offer(entry_id: int) -> None:
    entry = _load_entry(entry_id)
    send_templated_email("waitlist_offer", entry.email, _entry_context(entry), entry.language)


@task()
def send_waitlist_offer_expired(entry_id: int) -> None:
    entry = _load_entry(entry_id)
    send_templated_email(
        "waitlist_offer_expired", entry.email, _entry_context(entry), entry.language
    )


@task()
def expire_waitlist_offer(entry_id: int) -> bool:
    """Scheduled at the offer's deadline; a no-op if the offer was taken meanwhile."""
    from usines.bookings.services import expire_offer  # services enqueue these tasks

    return expire_offer(entry_id)
