"""Reminders before the visit, the visitor's answer, and the places of those who never
answer.

Each edition sets two reminders (`first_reminder_days`, `second_reminder_days` before
the visit, 0 for none). Every e-mail carries two one-click links: "I'm still coming"
(`confirm_coming`) and "I can't come" (`services.cancel_booking`, which offers the
places to the waiting list). A reminder is queued once per booking and kind: the
periodic job writes a `Reminder` row (unique per booking and kind) in the transaction
that enqueues its e-mail, and the e-mail's own once-key keeps a task run twice from
sending twice.

If the edition releases unanswered bookings (`release_unconfirmed`), a booking that a
reminder asked and that has not answered is warned `WARNING_HOURS` before the answer
is due (`reconfirm_hours` before the visit), then released once that time is past
(release.release_bookings), its places offered to the waiting list at once.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from usines.bookings import capacity, release, services, tasks
from usines.bookings.exceptions import BookingNotActive
from usines.bookings.models import Booking, BookingStatus, Reminder, ReminderKind
from usines.editions.models import Edition

WARNING_HOURS = 12
# A booking warned later than this before its answer is due keeps its places: a
# warning must leave time to answer.
WARNING_NOTICE = timedelta(hours=1)
BATCH = 500


def confirm_coming(token: str, now: datetime | None = None) -> Booking:
    """The visitor says they are still coming: the booking is kept whatever the
    reconfirmation rule. Raises BookingNotActive for a cancelled or released booking."""
    now = now or timezone.now()
    if not Booking.objects.filter(token=token, status=BookingStatus.CONFIRMED).update(
        reconfirmed_at=now
    ):
        raise BookingNotActive()
    return Booking.objects.get(token=token)


def _upcoming(edition: Edition, now: datetime):
    return Booking.objects.filter(
        slot__day__edition=edition,
        slot__is_cancelled=False,
        slot__starts_at__gt=now,
        status=BookingStatus.CONFIRMED,
        class_group__isnull=True,
    )


def _reminded_in(bookings, days: int, now: datetime):
    """Of `bookings`, those whose visit is `days` days away or less, booked before then."""
    ahead = timedelta(days=days)
    return bookings.filter(
        slot__starts_at__lte=now + ahead, created_at__lt=F("slot__starts_at") - ahead
    )


def _queue(due, kind: str, now: datetime) -> int:
    """Write the reminders' rows and enqueue their e-mails, BATCH bookings at a time."""
    queued = 0
    while ids := list(due.exclude(reminders__kind=kind).values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            Reminder.objects.bulk_create(
                [Reminder(booking_id=pk, kind=kind, created_at=now) for pk in ids],
                ignore_conflicts=True,
            )
            for booking_id in ids:
                tasks.send_reminder.enqueue(booking_id, kind)
        queued += len(ids)
    return queued


def send_due_reminders(now: datetime | None = None) -> int:
    """The periodic job: queue the reminders due, warn and release unanswered bookings
    where the edition says so. Returns the e-mails queued."""
    now = now or timezone.now()
    queued = 0
    editions = Edition.objects.filter(days__date__gte=timezone.localdate(now)).distinct()
    for edition in editions:
        upcoming = _upcoming(edition, now)
        first, second = edition.first_reminder_days, edition.second_reminder_days
        if first:
            due = _reminded_in(upcoming, first, now)
            if second and second < first:
                due = due.filter(slot__starts_at__gt=now + timedelta(days=second))
            queued += _queue(due, ReminderKind.FIRST, now)
        if edition.release_unconfirmed:
            # The warning says all the second reminder would: a booking warned gets
            # no second reminder on top.
            queued += _queue(_to_warn(edition, upcoming, now), ReminderKind.WARNING, now)
            release_unanswered(edition, now)
        if second:
            due = _reminded_in(upcoming, second, now).exclude(reminders__kind=ReminderKind.WARNING)
            queued += _queue(due, ReminderKind.SECOND, now)
    return queued


def _asked(bookings):
    return bookings.filter(
        reconfirmed_at__isnull=True,
        reminders__kind__in=[ReminderKind.FIRST, ReminderKind.SECOND],
    ).distinct()


def _to_warn(edition: Edition, upcoming, now: datetime):
    due = timedelta(hours=edition.reconfirm_hours)
    return _asked(upcoming).filter(
        slot__starts_at__gt=now + due,
        slot__starts_at__lte=now + due + timedelta(hours=WARNING_HOURS),
    )


def release_unanswered(edition: Edition, now: datetime | None = None) -> int:
    """Release the places of bookings warned in time that did not answer by the due
    time, offering them to the waiting list; the places released. Does nothing unless
    the edition says so."""
    now = now or timezone.now()
    if not edition.release_unconfirmed:
        return 0
    due = _upcoming(edition, now).filter(
        Q(reconfirmed_at__isnull=True),
        slot__starts_at__lte=now + timedelta(hours=edition.reconfirm_hours),
        reminders__kind=ReminderKind.WARNING,
        reminders__created_at__lte=F("slot__starts_at")
        - timedelta(hours=edition.reconfirm_hours)
        - WARNING_NOTICE,
    )
    by_slot: dict[int, list[tuple[int, int]]] = {}
    for booking_id, slot_id, party_size in due.values_list("pk", "slot_id", "party_size"):
        by_slot.setdefault(slot_id, []).append((booking_id, party_size))
    released = 0
    for slot_id, bookings in by_slot.items():
        with transaction.atomic():
            capacity.lock_slot(slot_id)
            places = release.release_bookings(slot_id, bookings, now, reconfirmed_at__isnull=True)
            if places:
                services.offer_freed_places(slot_id, now)
                for booking_id, _size in bookings:
                    tasks.send_booking_released.enqueue(booking_id)
            released += places
    return released
