"""The next edition's list: double opt-in, confirm, unsubscribe, ask again, purge."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from usines.mailinglist import services
from usines.mailinglist.models import Source, Subscription, SubscriptionStatus
from usines.mailinglist.services import ConfirmOutcome
from usines.scheduling.jobs import JOBS

pytestmark = pytest.mark.django_db


def ask(deliver_emails, email="Ana@Example.org", now=None, source=Source.PUBLIC_FORM):
    with deliver_emails.capture():
        subscription = services.request_subscription(email, "en", source, now)
    deliver_emails()
    return subscription


def test_asking_writes_a_pending_row_and_e_mails_a_link_but_confirms_nothing(deliver_emails):
    subscription = ask(deliver_emails)

    assert subscription.email == "ana@example.org"
    assert subscription.status == SubscriptionStatus.PENDING
    assert subscription.confirmed_at is None
    assert subscription.consent_version
    assert not Subscription.objects.filter(status=SubscriptionStatus.CONFIRMED).exists()
    [message] = mail.outbox
    assert message.to == ["ana@example.org"]
    assert f"/lettre/confirmer/{subscription.token}/" in message.body
    assert f"/lettre/desinscription/{subscription.token}/" in message.body


def test_the_confirmation_e_mail_offers_one_click_unsubscribe_in_its_headers(
    deliver_emails, settings
):
    settings.SITE_URL = "https://usines.example"
    subscription = ask(deliver_emails)

    headers = mail.outbox[0].extra_headers
    assert headers["List-Unsubscribe"] == (
        f"<https://usines.example/lettre/desinscription/{subscription.token}/>"
    )
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = mail.outbox[0].alternatives[0][0]
    assert f"/lettre/desinscription/{subscription.token}/" in html


def test_confirming_twice_confirms_once(deliver_emails):
    subscription = ask(deliver_emails)
    now = timezone.now()

    assert services.confirm(subscription.token, now) == ConfirmOutcome.CONFIRMED
    assert services.confirm(subscription.token, now + timedelta(hours=1)) == (
        ConfirmOutcome.CONFIRMED
    )

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED
    assert subscription.confirmed_at == now


def test_a_link_older_than_seven_days_asks_to_start_again(deliver_emails):
    asked_at = timezone.now() - timedelta(days=services.CONFIRM_DAYS, minutes=1)
    subscription = ask(deliver_emails, now=asked_at)

    assert services.confirm(subscription.token) == ConfirmOutcome.EXPIRED
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert services.confirm("no-such-token") == ConfirmOutcome.UNKNOWN


def test_asking_again_after_expiry_sends_a_new_link_and_the_old_one_stays_dead(deliver_emails):
    old = ask(deliver_emails, now=timezone.now() - timedelta(days=10))

    new = ask(deliver_emails)

    assert new.pk == old.pk and new.token != old.token
    assert len(mail.outbox) == 2
    assert services.confirm(old.token) == ConfirmOutcome.UNKNOWN
    assert services.confirm(new.token) == ConfirmOutcome.CONFIRMED


def test_a_confirmed_address_asking_again_stays_confirmed_and_gets_no_e_mail(deliver_emails):
    subscription = ask(deliver_emails)
    services.confirm(subscription.token)

    ask(deliver_emails, source=Source.BOOKING)

    assert len(mail.outbox) == 1
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_unsubscribing_is_immediate_idempotent_and_stops_the_confirmation(deliver_emails):
    subscription = ask(deliver_emails)
    services.confirm(subscription.token)

    assert services.unsubscribe(subscription.token)
    assert services.unsubscribe(subscription.token)

    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.UNSUBSCRIBED
    assert subscription.unsubscribed_at is not None
    assert services.confirm(subscription.token) == ConfirmOutcome.EXPIRED
    assert not services.unsubscribe("no-such-token")


def test_subscribing_again_after_unsubscribing_works_and_keeps_the_date_left(deliver_emails):
    first = ask(deliver_emails)
    services.confirm(first.token)
    services.unsubscribe(first.token)
    left_at = Subscription.objects.get().unsubscribed_at

    again = ask(deliver_emails)

    assert again.pk == first.pk and again.token != first.token
    assert again.status == SubscriptionStatus.PENDING
    assert again.unsubscribed_at == left_at
    assert services.confirm(again.token) == ConfirmOutcome.CONFIRMED
    assert Subscription.objects.count() == 1
    assert len(mail.outbox) == 2


def test_the_confirmation_task_sends_nothing_once_unsubscribed(deliver_emails):
    with deliver_emails.capture():
        subscription = services.request_subscription("ana@example.org", "en", Source.BOOKING)
    services.unsubscribe(subscription.token)

    assert deliver_emails() == []


def test_requests_never_confirmed_are_deleted_after_thirty_days_by_a_nightly_job(
    deliver_emails,
):
    now = timezone.now()
    old = ask(deliver_emails, "old@example.org", now - timedelta(days=31))
    ask(deliver_emails, "recent@example.org", now - timedelta(days=29))
    confirmed = ask(deliver_emails, "kept@example.org", now - timedelta(days=40))
    services.confirm(confirmed.token, now - timedelta(days=39))

    assert JOBS["purge_mailinglist_requests"].run() == 1

    assert not Subscription.objects.filter(pk=old.pk).exists()
    assert set(Subscription.objects.values_list("email", flat=True)) == {
        "recent@example.org",
        "kept@example.org",
    }


def test_the_export_lists_only_confirmed_addresses_with_their_unsubscribe_link(deliver_emails):
    for email in ("pending@example.org", "confirmed@example.org", "left@example.org"):
        ask(deliver_emails, email)
    confirmed = Subscription.objects.get(email="confirmed@example.org")
    left = Subscription.objects.get(email="left@example.org")
    services.confirm(confirmed.token)
    services.confirm(left.token)
    services.unsubscribe(left.token)

    rows = services.confirmed_subscribers()

    assert [row[:2] for row in rows] == [["confirmed@example.org", "en"]]
    assert rows[0][3].endswith(f"/lettre/desinscription/{confirmed.token}/")


def test_the_counts_split_the_list_by_status_source_and_language(deliver_emails):
    ask(deliver_emails, "a@example.org")
    services.confirm(ask(deliver_emails, "b@example.org", source=Source.BOOKING).token)

    counts = services.list_counts()

    assert counts.by_status == {"pending": 1, "confirmed": 1, "unsubscribed": 0}
    assert dict(counts.by_source) == {
        "booking": {"pending": 0, "confirmed": 1, "unsubscribed": 0},
        "form": {"pending": 1, "confirmed": 0, "unsubscribed": 0},
    }
    assert dict(counts.by_language) == {"en": {"pending": 1, "confirmed": 1, "unsubscribed": 0}}


def test_a_news_issue_goes_once_to_each_confirmed_subscriber_with_its_own_unsubscribe(
    deliver_emails,
):
    confirmed = ask(deliver_emails, "reader@example.org")
    services.confirm(confirmed.token)
    ask(deliver_emails, "pending@example.org")
    mail.outbox.clear()

    with deliver_emails.capture():
        assert services.send_news_issue("2027-dates", "Dates", ["The dates are out."]) == 1
        services.send_news_issue("2027-dates", "Dates", ["The dates are out."])
    [message] = deliver_emails()

    assert message.to == ["reader@example.org"] and message.subject == "Dates"
    assert re.search(rf"/lettre/desinscription/{confirmed.token}/", message.body)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_address_s_row_can_be_read_and_forgotten_on_request(deliver_emails):
    ask(deliver_emails, "ana@example.org")

    assert services.subscription_of("ANA@example.org").email == "ana@example.org"
    assert services.forget(" Ana@Example.org")
    assert services.subscription_of("ana@example.org") is None
    assert not services.forget("ana@example.org")


def test_the_command_queues_an_issue_to_the_confirmed_subscribers(deliver_emails):
    services.confirm(ask(deliver_emails, "reader@example.org").token)
    mail.outbox.clear()

    with deliver_emails.capture():
        call_command(
            "send_next_edition_news",
            issue="2027-dates",
            subject="The 2027 dates",
            paragraph=["Booking opens in March."],
            stdout=StringIO(),
        )
    [message] = deliver_emails()

    assert message.subject == "The 2027 dates"
    assert "Booking opens in March." in message.body
