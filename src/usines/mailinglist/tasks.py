"""The next edition list's e-mails, run by the task worker. Each carries the
one-click unsubscribe link, in its text and in its headers."""

from django_tasks import task

from usines.mailinglist.links import confirm_url, unsubscribe_headers, unsubscribe_url
from usines.mailinglist.models import (
    CONFIRM_DAYS,
    PENDING_KEPT_DAYS,
    Subscription,
    SubscriptionStatus,
)
from usines.notifications.emails import send_email


@task()
def send_confirmation_request(subscription_id: int, requested_at: str) -> None:
    """The double opt-in e-mail of one request (`requested_at`, ISO), sent once
    however often the task runs, and not at all once the request is confirmed,
    unsubscribed or deleted."""
    subscription = Subscription.objects.filter(
        pk=subscription_id, status=SubscriptionStatus.PENDING
    ).first()
    if subscription is None:
        return
    send_email(
        "mailinglist_confirmation",
        subscription.email,
        subscription.language,
        {
            "confirm_url": confirm_url(subscription.token),
            "unsubscribe_url": unsubscribe_url(subscription.token),
            "confirm_days": CONFIRM_DAYS,
            "kept_days": PENDING_KEPT_DAYS,
        },
        once=f"mailinglist-confirmation:{subscription_id}:{requested_at}",
        headers=unsubscribe_headers(subscription.token),
    )


@task()
def send_news(subscription_id: int, issue: str, subject: str, paragraphs: list[str]) -> None:
    """One issue of the news (`issue` names it) to one confirmed subscriber, sent once."""
    subscription = Subscription.objects.filter(
        pk=subscription_id, status=SubscriptionStatus.CONFIRMED
    ).first()
    if subscription is None:
        return
    send_email(
        "mailinglist_news",
        subscription.email,
        subscription.language,
        {
            "subject": subject,
            "paragraphs": paragraphs,
            "unsubscribe_url": unsubscribe_url(subscription.token),
        },
        once=f"mailinglist-news:{issue}:{subscription_id}",
        headers=unsubscribe_headers(subscription.token),
    )
