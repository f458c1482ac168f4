"""The personal-data lifecycle's operations: a visitor's deletion and the retention
purge. Each row is changed by the app that owns it (`bookings.retention`,
`schools.retention`, `schools.services.purge_class_lists`); this module decides
which rows and when, and records every purge in a `PurgeLog`.

The purge runs daily (`scheduling.jobs`) and by hand (`manage.py
purge_personal_data`). It is idempotent: a row cleared once is not counted again.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from usines.ballots import retention as ballot_retention
from usines.bookings import retention as booking_retention
from usines.bookings.models import Booking, WaitlistEntry
from usines.bookings.retention import Forgotten
from usines.editions.models import Edition
from usines.mailinglist import services as mailinglist
from usines.notifications.retention import delete_sent_before
from usines.privacy.models import PurgeLog, PurgeTrigger
from usines.schools import retention as class_retention
from usines.schools.services import purge_class_lists
from usines.surveys import services as surveys


def months_before(day: date, months: int) -> date:
    """The same day `months` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


def retention_cutoff(now: datetime | None = None) -> date:
    """Editions whose last day is before this date are past their retention."""
    return months_before(timezone.localdate(now or timezone.now()), settings.PERSONAL_DATA_MONTHS)


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(0)))


def editions_past_retention(now: datetime | None = None) -> QuerySet[Edition]:
    return (
        Edition.objects.annotate(last_day=Max("days__date"))
        .filter(last_day__lt=retention_cutoff(now))
        .order_by("last_day")
    )


def purge_personal_data(
    now: datetime | None = None, trigger: str = PurgeTrigger.SCHEDULED
) -> PurgeLog:
    """Delete what the retention periods say must go, and log how many rows of each
    kind lost it: the special needs and notes of classes whose visit is over, their
    name lists, every visitor's, class's, ballot entrant's and coach driver's personal data of the
    editions past `PERSONAL_DATA_MONTHS`, and the e-mail log's lines as old.
    Places, party sizes, check-ins, class counts and the reports' kept figures are
    untouched."""
    now = now or timezone.now()
    class_notes = class_retention.purge_class_notes(now)
    class_lists = purge_class_lists(now)
    editions = list(editions_past_retention(now))
    ids = [edition.pk for edition in editions]
    survey_links = surveys.forget_edition_links(ids)
    bookings = booking_retention.purge_editions(ids, now)
    classes = class_retention.purge_editions(ids, now)
    ballot_entries = ballot_retention.forget_editions(ids)
    return PurgeLog.objects.create(
        trigger=trigger,
        cutoff=retention_cutoff(now),
        editions=", ".join(edition.name for edition in editions)[:500],
        class_notes=class_notes,
        class_lists=class_lists + classes.class_lists,
        bookings=bookings.bookings,
        waitlist_entries=bookings.waitlist_entries,
        classes=classes.classes,
        coach_drivers=classes.coach_drivers,
        survey_links=survey_links,
        bookings_links=bookings.links,
        sent_emails=delete_sent_before(_start_of(retention_cutoff(now))),
        ballot_entries=ballot_entries,
    )


@dataclass(frozen=True)
class VisitorDeletion:
    forgotten: Forgotten
    survey_links: int
    news_subscription: bool = False


def delete_visitor_data(
    bookings: QuerySet[Booking], entries: QuerySet[WaitlistEntry], email: str = ""
) -> VisitorDeletion:
    """A visitor's own deletion: their bookings to come are cancelled (the places go
    back), every booking and waiting-list entry given is anonymised, their survey
    links deleted; class bookings are left to the teacher's account. Given the
    address they proved they own (My bookings), its next edition list entry goes too."""
    booking_ids = list(bookings.filter(class_group__isnull=True).values_list("pk", flat=True))
    survey_links = surveys.forget_booking_links(booking_ids)
    news_subscription = bool(email) and mailinglist.forget(email)
    return VisitorDeletion(
        booking_retention.forget_visitor(bookings, entries, email=email),
        survey_links,
        news_subscription,
    )
