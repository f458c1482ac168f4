"""The organisers' help desk: find any booking they reach, and act on it for the visitor
or the teacher who calls — send the ticket again, change the places, cancel.

Each action goes through the same service as the visitor's own (services.py), so the
same rules hold (places, the waiting list, the e-mail telling the visitor), and writes
a `BookingAction` (what, who, when) in the same transaction: the change and its record
commit together or not at all.

The lookups each use an index, whatever the number of bookings: a name by the prefix
of its normalised form, first name or surname first (`search_name`, `search_surname`),
an e-mail address by the prefix of its lower case (`booking_email_lower`), a check-in
code exactly (unique); a site narrows them by name.
"""

from datetime import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.bookings import services, tasks
from usines.bookings.exceptions import BookingNotActive, PartySizeOutOfBounds
from usines.bookings.models import (
    CHECKIN_ALPHABET,
    CHECKIN_CODE_LENGTH,
    Booking,
    BookingAction,
    BookingActionKind,
)
from usines.factories.scope import sites_for
from usines.reference.text import normalise

MIN_SEARCH_LENGTH = 2


def reachable_bookings(user: User) -> QuerySet[Booking]:
    """The bookings of the sites a user reaches (an organiser: its region, or all).

    The scope is a correlated EXISTS rather than a join, so that the database starts
    from the bookings a lookup's index finds and checks each one's site, instead of
    walking every booking of the region."""
    site = OuterRef("slot__visit__participation__site_id")
    return Booking.objects.filter(Exists(sites_for(user).filter(pk=site)))


def _prefix(column: str, text: str) -> Q:
    """`column` starts with `text`, as a range an index serves on every database (a
    LIKE would not use it under PostgreSQL's usual collations)."""
    following = text[:-1] + chr(ord(text[-1]) + 1)
    return Q(**{f"{column}__gte": text, f"{column}__lt": following})


def _as_checkin_code(text: str) -> str | None:
    code = "".join(text.split()).replace("-", "").upper()
    if len(code) == CHECKIN_CODE_LENGTH and set(code) <= set(CHECKIN_ALPHABET):
        return code
    return None


def find_bookings(bookings: QuerySet[Booking], text: str = "", site: str = "") -> QuerySet[Booking]:
    """The bookings among `bookings` whose name or e-mail address starts with `text`
    (case, accents and punctuation aside), or whose check-in code it is; with `site`,
    only on sites whose name contains it. Nothing when neither says enough."""
    text, site = text.strip(), site.strip()
    wanted = Q()
    if len(text) >= MIN_SEARCH_LENGTH:
        name = normalise(text)
        if "@" in text:
            wanted = _prefix("email_lower", text.lower())
        elif len(name) >= MIN_SEARCH_LENGTH:
            wanted = _prefix("search_name", name) | _prefix("search_surname", name)
        if code := _as_checkin_code(text):
            wanted |= Q(checkin_code=code)
        if not wanted:
            return bookings.none()
    if len(site) >= MIN_SEARCH_LENGTH:
        wanted &= Q(slot__visit__participation__site__name__icontains=site)
    if not wanted:
        return bookings.none()
    return (
        bookings.alias(email_lower=Lower("email"))
        .filter(wanted)
        .select_related(
            "slot__day", "slot__visit__participation__site__commune", "class_group__school"
        )
    )


def _record(booking: Booking, action: str, by: User, detail: str = "") -> BookingAction:
    return BookingAction.objects.create(booking=booking, action=action, actor=by, detail=detail)


@transaction.atomic
def resend_ticket(booking: Booking, by: User) -> BookingAction:
    """E-mail the confirmation and its ticket again, to the booking's address (a
    teacher's, for a class). Raises BookingNotActive for a cancelled booking."""
    if not booking.is_active:
        raise BookingNotActive()
    tasks.resend_ticket.enqueue(booking.pk)
    return _record(booking, BookingActionKind.TICKET_RESENT, by, booking.email)


def change_places(
    booking: Booking, party_size: int, by: User, now: datetime | None = None
) -> Booking:
    """Change a booking's places as its visitor could (services.change_party_size: more
    only while bookings are open and places are left, fewer until the visit). A class
    is changed by its teacher: raises PartySizeOutOfBounds. Nothing is recorded when the
    number stays the same."""
    if booking.class_group_id:
        raise PartySizeOutOfBounds(
            _("A class's places follow its pupils and adults, which only its teacher changes.")
        )
    before = booking.party_size
    with transaction.atomic():
        changed = services.change_party_size(booking.token, party_size, now)
        if changed.party_size != before:
            _record(changed, BookingActionKind.PLACES_CHANGED, by, f"{before} → {party_size}")
    return changed


def cancel(booking: Booking, by: User, now: datetime | None = None) -> Booking:
    """Cancel a booking (a class's too) as its visitor could: the places go back, to the
    waiting list first, and the visitor is e-mailed. Raises BookingNotActive or
    BookingClosed (the visit has started)."""
    with transaction.atomic():
        cancelled = services.cancel_booking(booking.token, now)
        _record(cancelled, BookingActionKind.CANCELLED, by)
    return cancelled
