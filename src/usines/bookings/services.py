"""Every change to bookings and waiting lists: views, the API, commands and tests call these.

Capacity arithmetic is in capacity.py; this module decides who gets places and
when, and writes the e-mails' tasks in the same transaction as the rows they are
about, so that a crash can never lose one: the worker sees them once it commits.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from usines.bookings import capacity, recent, records, tasks
from usines.bookings.exceptions import (
    BookingClosed,
    BookingNotActive,
    EmailCapReached,
    OfferNotOpen,
    PartySizeOutOfBounds,
    PlacesAvailable,
    SlotFull,
)
from usines.bookings.models import (
    Booking,
    BookingStatus,
    WaitlistEntry,
    WaitlistStatus,
    new_token,
)
from usines.bookings.records import EmailCaps
from usines.bookings.rules import (
    bookable_slot,
    booking_window,
    check_bookable,
    check_email_caps,
    check_party_size,
    class_cap_reached,
    slot_facts,
)
from usines.editions.calendar import opening
from usines.editions.models import Audience
from usines.factories.models import Slot


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    postcode: str = ""
    language: str = "fr"
    # The key of the text the person ticked (bookings.consent), kept on the row.
    consent_version: str = ""


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    created: bool


@dataclass(frozen=True)
class WaitlistResult:
    entry: WaitlistEntry
    created: bool


def made_with_key(model: type[Booking] | type[WaitlistEntry], key: str | None):
    """The booking or entry a one-time key already made, if any (a repeat)."""
    return model.objects.filter(idempotency_key=key).first() if key else None


def _contact_fields(contact: Contact, idempotency_key: str | None, now: datetime) -> dict:
    return {
        "name": contact.name,
        "email": contact.email,
        "postcode": contact.postcode,
        "language": contact.language,
        "idempotency_key": idempotency_key or None,
        "consent_at": now,
        "consent_version": contact.consent_version,
    }


def book_visit(
    slot: int | Slot,
    party_size: int,
    contact: Contact,
    idempotency_key: str | None = None,
    audience: str = Audience.PUBLIC,
    now: datetime | None = None,
) -> BookingResult:
    """Book `party_size` places on a slot, all or nothing. The slot is an id, or a
    slot the caller read with `rules.slot_facts` (or what `bookable_slot` joins:
    day, edition, participation).

    The same `idempotency_key` always returns the first booking made with it
    (created=False), never a second one. Raises SlotFull, BookingClosed,
    WrongAudience, PartySizeOutOfBounds or EmailCapReached; nothing is written then.
    """
    now = now or timezone.now()
    if not isinstance(slot, Slot):
        slot = slot_facts(slot)
    check_bookable(slot, party_size, audience, now)
    edition = slot.day.edition
    return save_booking(
        slot,
        party_size,
        idempotency_key,
        lambda: _contact_fields(contact, idempotency_key, now),
        caps=EmailCaps(
            edition.max_places_per_email_per_slot, edition.max_bookings_per_email_per_day
        ),
        now=now,
    )


def save_booking(
    slot: Slot,
    party_size: int,
    idempotency_key: str | None,
    fields: Callable[[], dict],
    refuse: Callable[[Slot], None] | None = None,
    caps: EmailCaps | None = None,
    now: datetime | None = None,
) -> BookingResult:
    """The write every booking shares, once its rules are checked: its confirmation
    e-mail task, the places, and the booking from `fields()`, all in one
    transaction. `refuse(slot)`, if given, runs first under the slot's lock and raises
    to stop the booking, and `fields()` is then called inside the transaction (so
    anything it writes rolls back with it); `caps`, if given, bound what the booking's
    address holds.

    Without `refuse`, on PostgreSQL, the whole write is one statement, one round trip
    (records.book_in_one_statement). Otherwise the task comes first, so that the
    slot's row stays locked for two statements only (the UPDATE of its places and the
    booking's INSERT, which checks the caps) before the commit: a hot slot serialises
    its bookings on that lock.

    A repeated key is found by the unique constraint: the INSERT fails, everything
    rolls back and the first booking is returned. A key that won a race in another
    process is also looked for when the places are refused, because the first attempt
    of a retried request may commit (taking the last place) after the retry began."""
    booking = Booking(slot=slot, party_size=party_size, token=new_token())
    try:
        if refuse is None and records.one_statement(tasks.send_booking_confirmed):
            for name, value in fields().items():
                setattr(booking, name, value)
            # Alone, the statement is its own transaction; inside one, it needs a
            # savepoint to fail alone.
            inside = connection.in_atomic_block
            with transaction.atomic() if inside else nullcontext():
                task = tasks.send_booking_confirmed
                written = records.book_in_one_statement(booking, caps, task)
            if not written:
                _refused(slot, booking, idempotency_key, caps, now)
            return BookingResult(booking, created=True)
        with transaction.atomic():
            records.enqueue(tasks.send_booking_confirmed, booking.token)
            if refuse is not None:
                capacity.lock_slot(slot.pk)
                refuse(slot)
            if not capacity.take_places(slot.pk, party_size):
                _refused(slot, booking, idempotency_key, None, now)
            for name, value in fields().items():
                setattr(booking, name, value)
            if not records.insert_booking(booking, caps):
                check_email_caps(slot, booking.email, party_size)  # raises, with the figures
                raise EmailCapReached()
    except IntegrityError:
        # The same key made a booking before, or in another process meanwhile: that
        # booking stands, and everything this attempt wrote rolled back.
        if existing := made_with_key(Booking, idempotency_key):
            return BookingResult(existing, created=False)
        raise
    except _MadeBefore as repeat:
        return BookingResult(repeat.booking, created=False)
    return BookingResult(booking, created=True)


class _MadeBefore(Exception):  # noqa: N818 - a repeat, not an error
    """The places were refused because the key's first attempt took them: that
    booking is the answer, and this attempt's writes roll back."""

    def __init__(self, booking: Booking):
        self.booking = booking


def _refused(
    slot: Slot, booking: Booking, key: str | None, caps: EmailCaps | None, now: datetime | None
) -> None:
    """The places were refused: return the key's booking if another attempt made it
    (raising _MadeBefore), else say why from the slot as it is now (it may have been
    cancelled, closed or changed since this process last read it), then from the
    address's caps if they apply; else the slot was full when this booking asked."""
    if existing := made_with_key(Booking, key):
        raise _MadeBefore(existing)
    recent.forget(slot.pk)
    current = bookable_slot(slot.pk)
    check_bookable(current, booking.party_size, current.audience, now or timezone.now())
    if caps is not None and current.available >= booking.party_size:
        check_email_caps(current, booking.email, booking.party_size)
    raise SlotFull()


def _active_booking(token: str) -> Booking:
    booking = Booking.objects.select_related("slot__day__edition").get(token=token)
    if not booking.is_active:
        raise BookingNotActive()
    return booking


def cancel_booking(token: str, now: datetime | None = None) -> Booking:
    """Cancel a booking and give its places back at once, offering them to the
    waiting list. Cancelling twice raises BookingNotActive and changes nothing."""
    now = now or timezone.now()
    booking = _active_booking(token)
    if now >= booking.slot.starts_at:
        raise BookingClosed(_("This visit has started; it can no longer be cancelled."))
    with transaction.atomic():
        capacity.lock_slot(booking.slot_id)
        cancelled = Booking.objects.filter(pk=booking.pk, status=BookingStatus.CONFIRMED).update(
            status=BookingStatus.CANCELLED,
            cancelled_at=now,
            calendar_sequence=F("calendar_sequence") + 1,
        )
        if not cancelled:
            raise BookingNotActive()
        capacity.release_places(booking.slot_id, booking.party_size)
        offer_freed_places(booking.slot_id, now)
        tasks.send_booking_cancelled.enqueue(booking.pk)
    booking.refresh_from_db()
    return booking


def change_party_size(token: str, party_size: int, now: datetime | None = None) -> Booking:
    """Change the number of places of a booking: more if they are left, fewer at any
    time before the visit (the freed places go to the waiting list)."""
    now = now or timezone.now()
    booking = _active_booking(token)
    if booking.class_group_id:
        raise PartySizeOutOfBounds(
            _("A class booking is changed from the teacher's page: cancel it and book again.")
        )
    slot = bookable_slot(booking.slot_id)
    if now >= slot.starts_at:
        raise BookingClosed(_("This visit has started; it can no longer be changed."))
    check_party_size(slot, party_size)
    delta = party_size - booking.party_size
    if delta == 0:
        return booking
    if delta > 0 and not opening(booking_window(slot), now).is_open:
        raise BookingClosed(_("Bookings for this day are closed: places can only be given back."))
    with transaction.atomic():
        if delta > 0:
            if not capacity.take_places(slot.pk, delta):
                raise SlotFull(
                    _("Only %(left)s more places are left on this slot.") % {"left": slot.available}
                )
        else:
            capacity.lock_slot(slot.pk)
        changed = Booking.objects.filter(
            pk=booking.pk, status=BookingStatus.CONFIRMED, party_size=booking.party_size
        ).update(party_size=party_size, calendar_sequence=F("calendar_sequence") + 1)
        if not changed:
            # Cancelled or changed by another request meanwhile: undo by rolling back.
            raise BookingNotActive(_("This booking changed meanwhile; reload the page."))
        if delta < 0:
            capacity.release_places(slot.pk, -delta)
            offer_freed_places(slot.pk, now)
        tasks.send_booking_changed.enqueue(booking.pk)
    booking.refresh_from_db()
    return booking


# --- Waiting list ---------------------------------------------------------


def join_waitlist(
    slot_id: int,
    party_size: int,
    contact: Contact,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    short_notice: bool = False,
) -> WaitlistResult:
    """Put a party on a full slot's waiting list as one unit; with `short_notice`, it
    is also offered places released on the day (bookings.release).

    Raises PlacesAvailable when the places are there to book directly, and the same
    errors as book_visit when the slot cannot be booked at all.
    """
    if existing := made_with_key(WaitlistEntry, idempotency_key):
        return WaitlistResult(existing, created=False)
    now = now or timezone.now()
    slot = bookable_slot(slot_id)
    check_bookable(slot, party_size, Audience.PUBLIC, now)
    if party_size > slot.capacity:
        raise PartySizeOutOfBounds(
            _("This slot has %(capacity)s places in all.") % {"capacity": slot.capacity}
        )
    return save_waitlist_entry(
        slot,
        party_size,
        idempotency_key,
        lambda: {**_contact_fields(contact, idempotency_key, now), "short_notice": short_notice},
        now,
    )


def save_waitlist_entry(
    slot: Slot,
    party_size: int,
    idempotency_key: str | None,
    fields: Callable[[], dict],
    now: datetime,
    blocked: Callable[[Slot], bool] | None = None,
) -> WaitlistResult:
    """The write every waiting-list entry shares: under the slot's lock, refuse with
    PlacesAvailable when the party could book now (places free, nobody waiting, and
    not `blocked(slot)`); else create the entry from `fields()` and offer any places
    it may take at once."""
    try:
        with transaction.atomic():
            current = capacity.lock_slot(slot.pk)
            nobody_waiting = not slot.waitlist.filter(
                status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
            ).exists()
            if (
                current.available >= party_size
                and nobody_waiting
                and not (blocked is not None and blocked(slot))
            ):
                raise PlacesAvailable()
            entry = WaitlistEntry.objects.create(slot=slot, party_size=party_size, **fields())
            tasks.send_waitlist_joined.enqueue(entry.pk)
            # Places may have been freed while nobody fitted: this party may fit now.
            offer_freed_places(slot.pk, now)
    except IntegrityError:
        if existing := made_with_key(WaitlistEntry, idempotency_key):
            return WaitlistResult(existing, created=False)
        raise
    entry.refresh_from_db()
    return WaitlistResult(entry, created=True)


def offer_freed_places(slot_id: int, now: datetime) -> list[WaitlistEntry]:
    """Offer the slot's free places to the first waiting entries that fit, in order.

    Must run inside the transaction that freed the places, after the slot's row
    lock is taken. Each offer holds its places until accepted or expired.
    """
    slot = Slot.objects.get(pk=slot_id)
    if slot.is_cancelled or now >= slot.starts_at:
        return []
    free = slot.available
    offered = []
    expires_at = now + timedelta(hours=settings.WAITLIST_OFFER_HOURS)
    # Never let an offer outlive the visit itself.
    expires_at = min(expires_at, slot.starts_at)
    waiting = WaitlistEntry.objects.filter(slot_id=slot_id, status=WaitlistStatus.WAITING)
    for entry in waiting.filter(party_size__lte=free).order_by("created_at", "id"):
        if entry.party_size > free:
            continue
        if entry.class_group_id and class_cap_reached(slot):
            continue  # a whole class fits in places but not in the host's number of classes
        if not capacity.hold_places(slot_id, entry.party_size):
            break
        WaitlistEntry.objects.filter(pk=entry.pk).update(
            status=WaitlistStatus.OFFERED, offered_at=now, offer_expires_at=expires_at
        )
        free -= entry.party_size
        offered.append(entry)
        entry_id = entry.pk
        _announce_offer(entry_id, expires_at)
        if free == 0:
            break
    return offered


def _announce_offer(entry_id: int, expires_at: datetime) -> None:
    tasks.send_waitlist_offer.enqueue(entry_id)
    expire_waitlist_offer.using(run_after=expires_at).enqueue(entry_id)


def accept_offer(token: str, now: datetime | None = None) -> Booking:
    """Turn an open offer into a confirmed booking of the held places.

    Raises OfferNotOpen when the offer was never made, was taken, or has expired.
    """
    now = now or timezone.now()
    entry = WaitlistEntry.objects.select_related("slot").get(token=token)
    if entry.is_gate_offer:
        raise OfferNotOpen(_("Come to the gate: the host lets you in."))
    with transaction.atomic():
        capacity.lock_slot(entry.slot_id)
        taken = WaitlistEntry.objects.filter(
            pk=entry.pk, status=WaitlistStatus.OFFERED, offer_expires_at__gt=now
        ).update(status=WaitlistStatus.ACCEPTED)
        if not taken:
            raise OfferNotOpen()
        capacity.confirm_held_places(entry.slot_id, entry.party_size)
        booking = Booking.objects.create(
            slot_id=entry.slot_id,
            party_size=entry.party_size,
            name=entry.name,
            email=entry.email,
            postcode=entry.postcode,
            language=entry.language,
            consent_at=entry.consent_at,
            consent_version=entry.consent_version,
            class_group_id=entry.class_group_id,
        )
        WaitlistEntry.objects.filter(pk=entry.pk).update(booking=booking)
        tasks.send_booking_confirmed.enqueue(booking.token)
    return booking


def expire_offer(entry_id: int, now: datetime | None = None) -> bool:
    """Close an offer whose time is up and pass its places to the next entries.

    Returns False (and changes nothing) when the offer was accepted or already closed.
    """
    now = now or timezone.now()
    entry = WaitlistEntry.objects.get(pk=entry_id)
    with transaction.atomic():
        capacity.lock_slot(entry.slot_id)
        expired = WaitlistEntry.objects.filter(
            pk=entry.pk, status=WaitlistStatus.OFFERED, offer_expires_at__lte=now
        ).update(status=WaitlistStatus.EXPIRED)
        if not expired:
            return False
        capacity.release_held_places(entry.slot_id, entry.party_size)
        offer_freed_places(entry.slot_id, now)
        tasks.send_waitlist_offer_expired.enqueue(entry.pk)
    return True


@task()
def expire_waitlist_offer(entry_id: int) -> bool:
    """Scheduled at the offer's deadline; a no-op if the offer was taken meanwhile."""
    return expire_offer(entry_id)


def expire_due_offers(now: datetime | None = None) -> int:
    """Expire every offer past its time; the sweep behind the scheduled task."""
    now = now or timezone.now()
    due = WaitlistEntry.objects.filter(
        status=WaitlistStatus.OFFERED, offer_expires_at__lte=now
    ).values_list("pk", flat=True)
    return sum(expire_offer(entry_id, now) for entry_id in list(due))


def leave_waitlist(token: str, now: datetime | None = None) -> WaitlistEntry:
    """Leave the waiting list; an open offer's places pass to the next entries."""
    now = now or timezone.now()
    entry = WaitlistEntry.objects.get(token=token)
    with transaction.atomic():
        capacity.lock_slot(entry.slot_id)
        was_offered = WaitlistEntry.objects.filter(
            pk=entry.pk, status=WaitlistStatus.OFFERED
        ).update(status=WaitlistStatus.CANCELLED)
        if was_offered:
            capacity.release_held_places(entry.slot_id, entry.party_size)
            offer_freed_places(entry.slot_id, now)
        else:
            left = WaitlistEntry.objects.filter(pk=entry.pk, status=WaitlistStatus.WAITING).update(
                status=WaitlistStatus.CANCELLED
            )
            if not left:
                raise OfferNotOpen(_("You are no longer on this waiting list."))
    entry.refresh_from_db()
    return entry
