"""The rules a booking must meet before it takes places, read by every writer of
bookings (public visitors, classes, the waiting list) and by the forms that check
input before the services run.

Each rule raises the domain error a visitor reads; nothing here writes.
"""

from datetime import datetime

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines.bookings import recent
from usines.bookings.exceptions import (
    BookingClosed,
    EmailCapReached,
    PartySizeOutOfBounds,
    WrongAudience,
)
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.editions.calendar import UPCOMING, Calendar, Window
from usines.editions.models import Audience, Phase
from usines.factories.models import ParticipationStatus, Slot


def _bookable_slots():
    """Slots with what the booking rules and the answer read (day, edition, site)."""
    return Slot.objects.select_related("day__edition", "visit__participation__site")


def bookable_slot(slot_id: int) -> Slot:
    """The slot with what the booking rules and the answer read (day, edition, site)."""
    return _bookable_slots().get(pk=slot_id)


def slot_facts(slot_id: int) -> Slot:
    """`bookable_slot(slot_id)` as this process remembers it (see recent.py: no change
    since, as far as the processes announced, and read at most SLOT_FACTS_SECONDS
    ago), for the booking path: it decides what the rules check before any place is
    taken. A slot not remembered is read with every slot of its visit. Its counters
    are not current (only `capacity.take_places` decides whether places are left, and
    refuses a slot cancelled meanwhile), and it is shared by the requests of this
    process: read it, never change or save it."""
    recent.look_elsewhere()
    if (slot := recent.slots.get(slot_id)) is None:
        # A rush books among a site's slots: read them all at once, in one query.
        for sibling in _bookable_slots().filter(visit__slots=slot_id):
            recent.slots[sibling.pk] = sibling
        if (slot := recent.slots.get(slot_id)) is None:
            raise Slot.DoesNotExist(f"No slot {slot_id}.")
    return slot


def edition_calendar(edition_id: int) -> Calendar:
    """The edition's phases as this process remembers them (see recent.py): the
    booking path reads them once per edition, not per booking."""
    recent.look_elsewhere()
    if (calendar := recent.calendars.get(edition_id)) is None:
        phases = Phase.objects.filter(edition_id=edition_id)
        calendar = recent.calendars[edition_id] = Calendar.of(phases)
    return calendar


def booking_window(slot: Slot) -> Window | None:
    """When the slot's day takes bookings: its own window within its audience's phase
    of the edition (none: closed)."""
    return edition_calendar(slot.day.edition_id).booking_window(slot.day)


def max_party_size(slot: Slot) -> int:
    edition = slot.day.edition
    return edition.max_class_size if slot.audience == Audience.SCHOOL else edition.max_party_size


def check_party_size(slot: Slot, party_size: int) -> None:
    """The edition's bounds on the places of one booking (a class counts its adults)."""
    limit = max_party_size(slot)
    if not 1 <= party_size <= limit:
        raise PartySizeOutOfBounds(_("You can book from 1 to %(limit)s places.") % {"limit": limit})


def check_bookable(slot: Slot, party_size: int, audience: str, now: datetime) -> None:
    """Raise the domain error that stops `party_size` places on `slot` being booked now:
    the audience, the slot offered, the day's booking window within the edition's
    bookings phase for that audience (see editions/calendar.py), the party size."""
    if slot.audience != audience:
        raise WrongAudience()
    participation = slot.visit.participation
    if slot.is_cancelled or participation.status != ParticipationStatus.PUBLISHED:
        raise BookingClosed(_("This slot is no longer offered."))
    window = booking_window(slot)
    if window is not None and window.state(now) == UPCOMING:
        raise BookingClosed(
            _("Bookings for this day open on %(date)s.")
            % {"date": timezone.localtime(window.opens_at).strftime("%d/%m/%Y %H:%M")}
        )
    if window is None or now >= window.closes_at or now >= slot.starts_at:
        raise BookingClosed(_("Bookings for this day are closed."))
    check_party_size(slot, party_size)


def active_classes(slot_id: int) -> int:
    """Classes holding places on a slot: booked, or offered places from the waiting list."""
    booked = Booking.objects.filter(
        slot_id=slot_id, status=BookingStatus.CONFIRMED, class_group__isnull=False
    ).count()
    offered = WaitlistEntry.objects.filter(
        slot_id=slot_id, status=WaitlistStatus.OFFERED, class_group__isnull=False
    ).count()
    return booked + offered


def class_cap_reached(slot: Slot) -> bool:
    """Whether the host's number of classes per slot is reached. Must run under the
    slot's row lock (`capacity.lock_slot`), which every writer of the slot takes first,
    so two classes racing for the last class place cannot both pass."""
    limit = slot.visit.max_classes_per_slot
    return limit is not None and active_classes(slot.pk) >= limit


def check_email_caps(slot: Slot, email: str, party_size: int) -> None:
    """The edition's caps on what one e-mail address holds: places on one slot, and
    public bookings on one day. Run under the slot's row lock (after the places are
    taken, before the booking row is written), so that two bookings with one address
    racing for one slot cannot both pass the first cap."""
    edition = slot.day.edition
    held = Booking.objects.filter(
        email=email, status=BookingStatus.CONFIRMED, slot__day_id=slot.day_id
    ).aggregate(places=Sum("party_size", filter=Q(slot_id=slot.pk)), bookings=Count("pk"))
    on_slot = held["places"] or 0
    if on_slot + party_size > edition.max_places_per_email_per_slot:
        raise EmailCapReached(
            _("One e-mail address can hold %(limit)s places on a visit; it already holds %(held)s.")
            % {"limit": edition.max_places_per_email_per_slot, "held": on_slot}
        )
    if held["bookings"] >= edition.max_bookings_per_email_per_day:
        raise EmailCapReached(
            _("One e-mail address can book %(limit)s visits on a day.")
            % {"limit": edition.max_bookings_per_email_per_day}
        )
