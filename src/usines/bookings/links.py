"""A visitor's bookings, reached without an account: a link e-mailed to the address
the bookings were made with opens their list.

The link is a random token kept in `BookingsLink`, valid LINK_HOURS and good for
one opening: opening it deletes it, by a conditional DELETE, so that two requests
with the same link cannot both succeed. The page that opened it keeps the address
in the browser's session for ACCESS_HOURS (web/my_bookings.py).
"""

from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from usines.bookings.models import (
    WITH_VISIT,
    Booking,
    BookingsLink,
    WaitlistEntry,
    WaitlistStatus,
)
from usines.editions.models import Edition

LINK_HOURS = 24
ACCESS_HOURS = 24


def normalised_email(email: str) -> str:
    """Bookings keep their address lower-cased (bookings/forms.py): so do the links."""
    return email.strip().lower()


def bookings_of(email: str, now: datetime | None = None) -> QuerySet[Booking]:
    """The bookings made with this address for the current edition, and any other
    visit still to come, soonest first."""
    now = now or timezone.now()
    edition = Edition.objects.current()
    wanted = Q(slot__starts_at__gte=now)
    if edition is not None:
        wanted |= Q(slot__day__edition=edition)
    return (
        Booking.objects.filter(wanted, email=normalised_email(email))
        .select_related("class_group", *WITH_VISIT)
        .order_by("slot__starts_at", "pk")
    )


def waitlist_entries_of(email: str, now: datetime | None = None) -> QuerySet[WaitlistEntry]:
    """The waiting lists this address is still on, for visits to come."""
    now = now or timezone.now()
    return (
        WaitlistEntry.objects.filter(
            email=normalised_email(email),
            status__in=(WaitlistStatus.WAITING, WaitlistStatus.OFFERED),
            slot__starts_at__gte=now,
        )
        .select_related(*WITH_VISIT)
        .order_by("slot__starts_at", "pk")
    )


def has_bookings(email: str, now: datetime | None = None) -> bool:
    return bookings_of(email, now).exists() or waitlist_entries_of(email, now).exists()


def issue_link(email: str, now: datetime | None = None) -> BookingsLink:
    """A new link to this address's bookings, valid LINK_HOURS; the links past their
    time, whoever they were for, are deleted with it."""
    now = now or timezone.now()
    BookingsLink.objects.filter(expires_at__lte=now).delete()
    return BookingsLink.objects.create(
        email=normalised_email(email), expires_at=now + timedelta(hours=LINK_HOURS)
    )


def link_is_open(token: str, now: datetime | None = None) -> bool:
    """Whether the link exists and has not expired (it is not used by asking)."""
    now = now or timezone.now()
    return BookingsLink.objects.filter(token=token, expires_at__gt=now).exists()


def open_link(token: str, now: datetime | None = None) -> str | None:
    """Use a link: the address it opens, or None when it is unknown, expired or was
    already used. The link is deleted, so it opens once."""
    now = now or timezone.now()
    link = BookingsLink.objects.filter(token=token, expires_at__gt=now).first()
    if link is None:
        return None
    deleted, _by_model = BookingsLink.objects.filter(pk=link.pk, expires_at__gt=now).delete()
    return link.email if deleted else None
