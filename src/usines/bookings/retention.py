"""Deleting the personal data of bookings and waiting-list entries while keeping what
they count.

A booking or entry is anonymised, never deleted: its slot, places, status, check-in
and times stay, so that every figure counted from them (places booked, party sizes,
check-ins, the reports' kept figures) reads the same afterwards. What goes is what
names a person: name (and its search forms), e-mail, the request's one-time key;
the postcode keeps its first two digits (the département, for where visitors come
from). `anonymised_at` records when.

A visitor's own deletion (`forget_visitor`) first cancels the bookings still to come
and leaves the waiting lists through the services, so that their places go back to
the slot (and to the waiting list) as any cancellation's do.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Left
from django.utils import timezone

from usines.bookings import services
from usines.bookings.exceptions import BookingError
from usines.bookings.models import (
    Booking,
    BookingAction,
    BookingActionKind,
    BookingsLink,
    BookingStatus,
    WaitlistEntry,
    WaitlistStatus,
)


def _anonymous(now: datetime) -> dict:
    return {
        "name": Value(""),
        "email": Value(""),
        "postcode": Left("postcode", 2),
        "idempotency_key": None,
        "anonymised_at": now,
    }


def anonymise_bookings(bookings: QuerySet[Booking], now: datetime | None = None) -> int:
    """Clear the personal fields of these bookings (those not cleared yet); returns how
    many were. Places, status and check-ins are untouched."""
    now = now or timezone.now()
    ids = list(bookings.filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    # A ticket resent by the help desk noted the address it went to.
    BookingAction.objects.filter(booking_id__in=ids, action=BookingActionKind.TICKET_RESENT).update(
        detail=""
    )
    return Booking.objects.filter(pk__in=ids).update(
        search_name="", search_surname="", **_anonymous(now)
    )


def anonymise_waitlist_entries(
    entries: QuerySet[WaitlistEntry], now: datetime | None = None
) -> int:
    """The same for waiting-list entries."""
    now = now or timezone.now()
    return entries.filter(anonymised_at__isnull=True).update(**_anonymous(now))


@dataclass(frozen=True)
class EditionsPurged:
    bookings: int
    waitlist_entries: int
    links: int


@transaction.atomic
def purge_editions(edition_ids: list[int], now: datetime | None = None) -> EditionsPurged:
    """Anonymise every booking and waiting-list entry (visitors' and classes') of these
    editions, and delete the expired links to one's bookings."""
    now = now or timezone.now()
    bookings = Booking.objects.filter(slot__day__edition_id__in=edition_ids)
    entries = WaitlistEntry.objects.filter(slot__day__edition_id__in=edition_ids)
    links = BookingsLink.objects.filter(expires_at__lte=now).delete()[0]
    return EditionsPurged(
        anonymise_bookings(bookings, now), anonymise_waitlist_entries(entries, now), links
    )


@dataclass(frozen=True)
class Forgotten:
    """What a visitor's deletion did, for the page that tells them."""

    cancelled: int  # bookings to come, cancelled (their places freed)
    anonymised: int  # bookings whose personal data were deleted
    waitlists_left: int
    waitlist_entries: int


def _cancel_if_coming(booking: Booking, now: datetime) -> bool:
    if booking.status != BookingStatus.CONFIRMED or booking.slot.starts_at <= now:
        return False
    try:
        services.cancel_booking(booking.token, now)
    except BookingError:
        return False  # cancelled or started meanwhile: nothing left to free
    return True


def _leave_if_waiting(entry: WaitlistEntry, now: datetime) -> bool:
    if entry.status not in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED):
        return False
    try:
        services.leave_waitlist(entry.token, now)
    except BookingError:
        return False
    return True


def forget_visitor(
    bookings: QuerySet[Booking],
    entries: QuerySet[WaitlistEntry],
    email: str = "",
    now: datetime | None = None,
) -> Forgotten:
    """Delete a visitor's data: cancel those of `bookings` still to come (their places
    go back through the capacity counter and to the waiting list), leave the waiting
    lists still open, then anonymise every one of them, and delete the links to the
    bookings of `email`, if given. Class bookings are the teacher's and are left
    out. A second call finds nothing more to do."""
    now = now or timezone.now()
    bookings = bookings.filter(class_group__isnull=True, anonymised_at__isnull=True)
    entries = entries.filter(class_group__isnull=True, anonymised_at__isnull=True)
    own = list(bookings.select_related("slot"))
    waiting = list(entries)
    cancelled = sum(_cancel_if_coming(booking, now) for booking in own)
    left = sum(_leave_if_waiting(entry, now) for entry in waiting)
    with transaction.atomic():
        if email:
            BookingsLink.objects.filter(email=email).delete()
        anonymised = anonymise_bookings(Booking.objects.filter(pk__in=[b.pk for b in own]), now)
        entries_done = anonymise_waitlist_entries(
            WaitlistEntry.objects.filter(pk__in=[e.pk for e in waiting]), now
        )
    return Forgotten(cancelled, anonymised, left, entries_done)
