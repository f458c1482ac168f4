"""The next edition's list: ask, confirm, unsubscribe, export, purge.

Double opt-in: a request writes a pending row and queues the confirmation e-mail in
the same transaction; only the press of the button its link opens confirms it. Each
step is one conditional UPDATE, so a link used twice (or by two processes at once)
changes the row once. The e-mail address is the row's key: a new request after
unsubscribing, or after a request expired, reuses the row with a new secret, so
that the old links stop working.
"""

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from usines.mailinglist import tasks
from usines.mailinglist.links import unsubscribe_url
from usines.mailinglist.models import (
    CONFIRM_DAYS,
    CONSENT_VERSION,
    PENDING_KEPT_DAYS,
    Source,
    Subscription,
    SubscriptionStatus,
    new_subscription_token,
)


class ConfirmOutcome(enum.Enum):
    CONFIRMED = "confirmed"  # now, or by an earlier press: the same answer
    EXPIRED = "expired"  # too late, or unsubscribed since: ask again
    UNKNOWN = "unknown"


def normalised_email(email: str) -> str:
    return email.strip().lower()


def _confirm_deadline(now: datetime) -> datetime:
    return now - timedelta(days=CONFIRM_DAYS)


def request_subscription(
    email: str, language: str, source: Source, now: datetime | None = None
) -> Subscription:
    """Ask for news of the next edition for `email`: a pending row and its
    confirmation e-mail, queued in the same transaction.

    An address already confirmed stays as it is and gets no e-mail (the answer to
    whoever asked is the same either way). A request still pending gets its link
    again, valid CONFIRM_DAYS from now; an expired or unsubscribed one starts afresh
    with a new secret."""
    now = now or timezone.now()
    email = normalised_email(email)
    with transaction.atomic():
        subscription = _row_for(email, language, source, now)
        if subscription.status == SubscriptionStatus.CONFIRMED:
            return subscription
        is_live = (
            subscription.status == SubscriptionStatus.PENDING
            and subscription.requested_at > _confirm_deadline(now)
        )
        if not is_live:
            subscription.token = new_subscription_token()
        subscription.status = SubscriptionStatus.PENDING
        subscription.language = language
        subscription.source = source
        subscription.consent_version = CONSENT_VERSION
        subscription.requested_at = now
        subscription.confirmed_at = None
        subscription.save()
        tasks.send_confirmation_request.enqueue(subscription.pk, now.isoformat())
    return subscription


def _row_for(email: str, language: str, source: Source, now: datetime) -> Subscription:
    """The address's row, locked; a new pending one when there is none (two requests
    at once for a new address: the second finds the first's row)."""
    subscription = Subscription.objects.select_for_update().filter(email=email).first()
    if subscription is not None:
        return subscription
    try:
        with transaction.atomic():
            return Subscription.objects.create(
                email=email,
                language=language,
                source=source,
                consent_version=CONSENT_VERSION,
                requested_at=now,
            )
    except IntegrityError:
        return Subscription.objects.select_for_update().get(email=email)


def confirmation_state(token: str, now: datetime | None = None) -> ConfirmOutcome | None:
    """What pressing the confirmation button would do: None when it would confirm
    (asking changes nothing, so a mail scanner following the link confirms nothing)."""
    now = now or timezone.now()
    subscription = Subscription.objects.filter(token=token).first()
    if subscription is None:
        return ConfirmOutcome.UNKNOWN
    if subscription.status == SubscriptionStatus.CONFIRMED:
        return ConfirmOutcome.CONFIRMED
    if (
        subscription.status == SubscriptionStatus.UNSUBSCRIBED
        or subscription.requested_at <= _confirm_deadline(now)
    ):
        return ConfirmOutcome.EXPIRED
    return None


def confirm(token: str, now: datetime | None = None) -> ConfirmOutcome:
    """Confirm the request of this link; pressing again answers CONFIRMED and changes
    nothing. A request older than CONFIRM_DAYS, or unsubscribed since, is EXPIRED:
    its address must ask again."""
    now = now or timezone.now()
    confirmed = Subscription.objects.filter(
        token=token,
        status=SubscriptionStatus.PENDING,
        requested_at__gt=_confirm_deadline(now),
    ).update(status=SubscriptionStatus.CONFIRMED, confirmed_at=now)
    if confirmed:
        return ConfirmOutcome.CONFIRMED
    return confirmation_state(token, now) or ConfirmOutcome.EXPIRED


def is_subscribed(token: str) -> bool | None:
    """Whether the link's address still gets e-mails (None: no such link)."""
    status = Subscription.objects.filter(token=token).values_list("status", flat=True).first()
    return None if status is None else status != SubscriptionStatus.UNSUBSCRIBED


def unsubscribe(token: str, now: datetime | None = None) -> bool:
    """Take the link's address off the list, whether confirmed or still pending, at
    once; again, it changes nothing. False when no row has this link."""
    now = now or timezone.now()
    Subscription.objects.filter(token=token).exclude(status=SubscriptionStatus.UNSUBSCRIBED).update(
        status=SubscriptionStatus.UNSUBSCRIBED, unsubscribed_at=now
    )
    return Subscription.objects.filter(token=token).exists()


def purge_pending(now: datetime | None = None) -> int:
    """Delete the requests never confirmed within PENDING_KEPT_DAYS; how many."""
    now = now or timezone.now()
    deleted, _by_model = Subscription.objects.filter(
        status=SubscriptionStatus.PENDING,
        requested_at__lt=now - timedelta(days=PENDING_KEPT_DAYS),
    ).delete()
    return deleted


@dataclass(frozen=True)
class ListCounts:
    by_status: dict[str, int]
    by_source: list[tuple[str, dict[str, int]]]  # source → status → count
    by_language: list[tuple[str, dict[str, int]]]


def _grouped(field: str) -> list[tuple[str, dict[str, int]]]:
    table: dict[str, dict[str, int]] = {}
    rows = Subscription.objects.values(field, "status").annotate(n=Count("pk")).order_by(field)
    for row in rows:
        table.setdefault(row[field], {status: 0 for status in SubscriptionStatus})
        table[row[field]][row["status"]] = row["n"]
    return list(table.items())


def list_counts() -> ListCounts:
    """The list's size: pending, confirmed and unsubscribed, by source and language."""
    by_status = {status: 0 for status in SubscriptionStatus}
    rows = Subscription.objects.values("status").annotate(n=Count("pk")).order_by()
    for row in rows:
        by_status[row["status"]] = row["n"]
    return ListCounts(by_status, _grouped("source"), _grouped("language"))


def confirmed_subscribers() -> list[list]:
    """The confirmed addresses for the organisers' mailing tool, in the order they
    confirmed: e-mail, language, confirmed at, and the one-click unsubscribe link
    every message must carry."""
    rows = Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED).order_by(
        "confirmed_at", "pk"
    )
    return [
        [row.email, row.language, row.confirmed_at, unsubscribe_url(row.token)]
        for row in rows.only("email", "language", "confirmed_at", "token")
    ]


def send_news_issue(issue: str, subject: str, paragraphs: list[str]) -> int:
    """Queue one issue of the news to every confirmed subscriber (each e-mail once,
    whatever the number of calls with the same `issue`); how many were queued."""
    ids = list(
        Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        for subscription_id in ids:
            tasks.send_news.enqueue(subscription_id, issue, subject, paragraphs)
    return len(ids)


def subscription_of(email: str) -> Subscription | None:
    """The address's row, for its owner's copy of their data (privacy)."""
    return Subscription.objects.filter(email=normalised_email(email)).first()


def forget(email: str) -> bool:
    """Delete the address's row, whatever its state (its owner's erasure request);
    whether there was one."""
    deleted, _by_model = Subscription.objects.filter(email=normalised_email(email)).delete()
    return bool(deleted)
