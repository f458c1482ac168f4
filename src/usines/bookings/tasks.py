"""The bookings' e-mails, run by the task worker: every e-mail to a visitor or a
teacher about a booking or a waiting-list entry, and the link to one's bookings.
(The offers' expiry task lives beside the service it runs, in services.py.)

Tasks take ids and read the rows when they run, so a late task sends what is true
then: each e-mail about a booking carries its calendar entry as it stands.
"""

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from usines.bookings import links
from usines.bookings.models import (
    WITH_VISIT,
    Booking,
    BookingStatus,
    ReminderKind,
    WaitlistEntry,
    answer_due_at,
    release_time,
)
from usines.bookings.tickets import CalendarMethod, ticket_ics, ticket_qr_png
from usines.editions.models import Edition
from usines.notifications.emails import Attachment, absolute, send_email


def _booking_context(booking: Booking) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "site": booking.slot.visit.participation.site,
        "visit": booking.slot.visit,
        "edition": booking.slot.day.edition,
        "manage_url": absolute(reverse("web:booking", args=[booking.token])),
        "my_bookings_url": absolute(reverse("web:my_bookings_request")),
        # For links the templates build by URL name (the surveys' links, whose app
        # the bookings do not know).
        "site_url": absolute(""),
        "release_at": release_time(booking.slot),
    }


def _calendar_entry(booking: Booking) -> Attachment:
    """The visit's calendar entry as the booking stands when the e-mail leaves: an
    invitation to add or update it while the booking holds, its cancellation once it
    does not (so that a late e-mail never brings a cancelled visit back)."""
    method = CalendarMethod.REQUEST if booking.is_active else CalendarMethod.CANCEL
    with translation.override(booking.language):
        content = ticket_ics(booking, method)
    return Attachment("visite.ics", content, f"text/calendar; method={method}")


def _entry_context(entry: WaitlistEntry) -> dict:
    return {
        "entry": entry,
        "slot": entry.slot,
        "site": entry.slot.visit.participation.site,
        "visit": entry.slot.visit,
        "edition": entry.slot.day.edition,
        "entry_url": absolute(reverse("web:waitlist_entry", args=[entry.token])),
    }


def _load_booking(booking_id: int) -> Booking:
    return Booking.objects.select_related(*WITH_VISIT).get(pk=booking_id)


def _load_entry(entry_id: int) -> WaitlistEntry:
    return WaitlistEntry.objects.select_related(*WITH_VISIT).get(pk=entry_id)


def _send_about_booking(template: str, booking_id: int, once: bool = True) -> None:
    """The e-mail `template` about a booking, with its calendar entry; with `once`,
    sent once however often the task runs (a booking is confirmed or cancelled once,
    but changed often)."""
    booking = _load_booking(booking_id)
    send_email(
        template,
        booking.email,
        booking.language,
        _booking_context(booking),
        attachments=(_calendar_entry(booking),),
        once=f"{template}:{booking_id}" if once else None,
    )


def _send_about_entry(template: str, entry_id: int) -> None:
    """The e-mail `template` about a waiting-list entry, sent once (an entry joins,
    is offered places and sees its offer expire once each)."""
    entry = _load_entry(entry_id)
    send_email(
        template, entry.email, entry.language, _entry_context(entry), once=f"{template}:{entry_id}"
    )


def _send_ticket(booking: Booking, once: str | None) -> None:
    """The confirmation with the ticket: its QR code and the calendar entry."""
    send_email(
        "booking_confirmed",
        booking.email,
        booking.language,
        _booking_context(booking),
        attachments=(
            _calendar_entry(booking),
            Attachment(f"billet-{booking.checkin_code}.png", ticket_qr_png(booking), "image/png"),
        ),
        once=once,
    )


@task()
def send_booking_confirmed(token: str) -> None:
    """Sent once per booking. It takes the booking's token, not its id: the task is
    written in the booking's transaction, by the same statement or before the
    booking row (see services.save_booking)."""
    booking = Booking.objects.select_related(*WITH_VISIT).get(token=token)
    _send_ticket(booking, once=f"booking_confirmed:{booking.pk}")


@task()
def resend_ticket(booking_id: int) -> None:
    """The confirmation again, each time the help desk asks (desk.resend_ticket): no
    once-key, so the first confirmation's key does not stop it. A booking cancelled
    meanwhile gets nothing."""
    booking = _load_booking(booking_id)
    if booking.is_active:
        _send_ticket(booking, once=None)


@task()
def send_reminder(booking_id: int, kind: str) -> None:
    """A reminder before the visit with its one-click answers (bookings.reminders),
    sent once per booking and kind, and only while the booking holds."""
    booking = _load_booking(booking_id)
    if not booking.is_active:
        return
    send_email(
        "booking_reminder",
        booking.email,
        booking.language,
        {
            **_booking_context(booking),
            "kind": ReminderKind(kind).value,
            "answer_due_at": None if booking.reconfirmed_at else answer_due_at(booking),
            "still_coming_url": absolute(reverse("web:booking_coming", args=[booking.token])),
            "not_coming_url": absolute(reverse("web:booking_not_coming", args=[booking.token])),
        },
        once=f"booking_reminder_{kind}:{booking_id}",
    )


@task()
def send_booking_released(booking_id: int) -> None:
    """The places of a booking that did not answer the reminders went to the waiting
    list (bookings.reminders); sent once, and not if it was checked in back."""
    booking = _load_booking(booking_id)
    if booking.status == BookingStatus.RELEASED:
        _send_about_booking("booking_released", booking_id)


@task()
def send_booking_changed(booking_id: int) -> None:
    _send_about_booking("booking_changed", booking_id, once=False)


@task()
def send_booking_cancelled(booking_id: int) -> None:
    _send_about_booking("booking_cancelled", booking_id)


@task()
def send_waitlist_joined(entry_id: int) -> None:
    _send_about_entry("waitlist_joined", entry_id)


@task()
def send_waitlist_offer(entry_id: int) -> None:
    _send_about_entry("waitlist_offer", entry_id)


@task()
def send_waitlist_offer_expired(entry_id: int) -> None:
    _send_about_entry("waitlist_offer_expired", entry_id)


@task()
def send_slot_cancelled(booking_id: int, message: str) -> None:
    booking = _load_booking(booking_id)
    when = timezone.localtime(booking.slot.starts_at)
    send_email(
        "notice",
        booking.email,
        booking.language,
        lambda: {
            "subject": _("Your visit of %(site)s is cancelled")
            % {"site": booking.slot.visit.participation.site.name},
            "paragraphs": [
                _(
                    "The factory had to cancel the visit of %(date)s that you booked. "
                    "Here is its message:"
                )
                % {"date": formats.date_format(when, "DATETIME_FORMAT")}
            ],
            "quote": message,
            "link": absolute(""),
            "link_label": _("Find another visit"),
        },
        attachments=(_calendar_entry(booking),),
        once=f"slot_cancelled:{booking_id}",
    )


@task()
def send_waitlist_slot_cancelled(entry_id: int, message: str) -> None:
    entry = _load_entry(entry_id)
    send_email(
        "notice",
        entry.email,
        entry.language,
        lambda: {
            "subject": _("The visit of %(site)s is cancelled")
            % {"site": entry.slot.visit.participation.site.name},
            "paragraphs": [
                _("The visit you were waiting for is cancelled. Here is the factory's message:")
            ],
            "quote": message,
            "link": absolute(""),
            "link_label": _("Find another visit"),
        },
    )


@task()
def send_host_message(booking_id: int, subject: str, body: str) -> None:
    booking = _load_booking(booking_id)
    site = booking.slot.visit.participation.site
    send_email(
        "notice",
        booking.email,
        booking.language,
        lambda: {
            "subject": f"{site.name} – {subject}",
            "paragraphs": [_("A message from %(site)s about your visit:") % {"site": site.name}],
            "quote": body,
            "link": absolute(reverse("web:booking", args=[booking.token])),
            "link_label": _("My booking"),
        },
    )


@task()
def send_bookings_link(email: str, language: str) -> None:
    """The link to an address's bookings, asked for on the "my bookings" page. An
    address without bookings gets nothing, and the page says the same either way."""
    if not links.has_bookings(email):
        return
    link = links.issue_link(email)
    send_email(
        "bookings_link",
        link.email,
        language,
        {
            "edition": Edition.objects.current(),
            "link_url": absolute(reverse("web:my_bookings_open", args=[link.token])),
            "hours": links.LINK_HOURS,
        },
    )
