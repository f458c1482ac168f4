"""The after-visit survey e-mailed the evening of the visit.

The daily job (`scheduling.jobs`, at 19:00) queues one task per booking visited that
day: the bookings checked in, or every booking of a slot whose host checked no one in
(not every host uses the check-in page). A task sends once per booking (its once-key
in the e-mail ledger) and not at all to a visitor who already answered at the exit.
The job also looks two days back, so an evening the worker missed is caught up.
"""

from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from usines.bookings.models import WITH_VISIT, Booking, BookingStatus
from usines.editions.models import Audience
from usines.notifications.emails import absolute, send_email
from usines.notifications.models import SentEmail
from usines.surveys.models import Moment, Response

CATCH_UP_DAYS = 2


def _once_key(booking_id: int) -> str:
    return f"survey_after:{booking_id}"


@task()
def send_after_survey(booking_id: int) -> None:
    booking = Booking.objects.select_related(*WITH_VISIT).get(pk=booking_id)
    if not booking.is_active:
        return
    if Response.objects.filter(booking=booking, moment=Moment.AFTER).exists():
        return
    send_email(
        "survey_after",
        booking.email,
        booking.language,
        {
            "booking": booking,
            "site": booking.slot.visit.participation.site,
            "slot": booking.slot,
            "survey_url": absolute(reverse("surveys:after", args=[booking.token])),
        },
        once=_once_key(booking_id),
    )


def visited_bookings(day: date):
    """The public bookings visited on `day`: checked in, or of a slot with no one
    checked in."""
    checked_in = Booking.objects.filter(slot=OuterRef("slot"), checked_in_at__isnull=False)
    return (
        Booking.objects.filter(
            status=BookingStatus.CONFIRMED,
            class_group__isnull=True,
            slot__audience=Audience.PUBLIC,
            slot__is_cancelled=False,
            slot__day__date=day,
        )
        .annotate(slot_checked_in=Exists(checked_in))
        .exclude(checked_in_at__isnull=True, slot_checked_in=True)
    )


def queue_after_surveys(today: date | None = None) -> int:
    """Queue the after-visit e-mail of every booking visited today (or in the last
    CATCH_UP_DAYS days) not yet sent one; returns how many were queued."""
    today = today or timezone.localdate()
    queued = 0
    for days_back in range(CATCH_UP_DAYS + 1):
        ids = list(visited_bookings(today - timedelta(days=days_back)).values_list("pk", flat=True))
        sent = set(
            SentEmail.objects.filter(key__in=[_once_key(pk) for pk in ids]).values_list(
                "key", flat=True
            )
        )
        answered = set(
            Response.objects.filter(booking_id__in=ids, moment=Moment.AFTER).values_list(
                "booking_id", flat=True
            )
        )
        for booking_id in ids:
            if _once_key(booking_id) not in sent and booking_id not in answered:
                send_after_survey.enqueue(booking_id)
                queued += 1
    return queued
