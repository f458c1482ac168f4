"""The next edition's list on the public pages: the form with its neutral answer
and its limits, the confirmation and unsubscribe links, the box on the booking page."""

import re

import pytest
from django.core import mail
from django.test import Client

from usines.bookings.models import Booking
from usines.mailinglist import services
from usines.mailinglist.models import Source, Subscription, SubscriptionStatus

pytestmark = pytest.mark.django_db

CONFIRM = re.compile(r"http://[^/\s]+(/lettre/confirmer/[\w-]+/)")
UNSUBSCRIBE = re.compile(r"http://[^/\s]+(/lettre/desinscription/[\w-]+/)")


def subscribe(client, deliver_emails, email="ana@example.org", **fields):
    with deliver_emails.capture():
        response = client.post(
            "/lettre/", {"email": email, "consent": "on", **fields}, HTTP_ACCEPT_LANGUAGE="en"
        )
    deliver_emails()
    return response


def confirmed(email="ana@example.org") -> Subscription:
    subscription = services.request_subscription(email, "en", Source.PUBLIC_FORM)
    services.confirm(subscription.token)
    return subscription


def test_the_form_answers_the_same_whether_the_address_is_known_or_not(client, deliver_emails):
    confirmed("known@example.org")

    known = subscribe(client, deliver_emails, "Known@Example.org")
    unknown = subscribe(Client(), deliver_emails, "new@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/lettre/envoye/"
    assert [message.to for message in mail.outbox] == [["new@example.org"]]
    sent = client.get("/lettre/envoye/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Unless this address is already on the list" in sent


def test_the_form_explains_what_to_fix_and_keeps_nothing(client):
    response = client.post("/lettre/", {"email": "ana@"}, HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid e-mail address" in page
    assert "Tick the box to confirm that you want the news." in page
    assert not Subscription.objects.exists()


def test_the_form_s_box_is_unticked_and_required(client):
    page = client.get("/lettre/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    box = re.search(r'<input type="checkbox" name="consent"[^>]*>', page).group(0)
    assert "checked" not in box


def test_one_address_gets_a_few_confirmation_e_mails_an_hour_whoever_asks(deliver_emails):
    statuses = [
        subscribe(Client(REMOTE_ADDR=f"10.0.0.{n}"), deliver_emails).status_code for n in range(5)
    ]

    assert statuses == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3


def test_one_network_posts_the_form_a_limited_number_of_times_an_hour(
    client, settings, deliver_emails
):
    settings.PROOF_FREE_POSTS = 100  # the limit itself, without the proof of work

    statuses = [
        subscribe(client, deliver_emails, f"person{n}@example.org").status_code for n in range(21)
    ]

    assert statuses == [302] * 20 + [429]


def test_a_busy_network_must_solve_the_proof_of_work(client, settings):
    settings.PROOF_FREE_POSTS = 0

    refused = client.post("/lettre/", {"email": "ana@example.org", "consent": "on"})

    assert refused.status_code == 200
    assert 'id="proof-challenge"' in refused.content.decode()
    assert not Subscription.objects.exists()


def test_following_the_confirmation_link_confirms_only_when_the_button_is_pressed(
    client, deliver_emails
):
    subscribe(client, deliver_emails)
    path = CONFIRM.search(mail.outbox[0].body).group(1)

    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert "Confirm my subscription" in page.content.decode()
    assert Subscription.objects.get().status == SubscriptionStatus.PENDING
    assert "no-store" in page["Cache-Control"]

    done = client.post(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    again = client.post(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Your subscription is confirmed" in done and "Your subscription is confirmed" in again
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED


def test_unsubscribing_from_the_page_takes_a_press_of_the_button(client, deliver_emails):
    subscribe(client, deliver_emails)
    path = UNSUBSCRIBE.search(mail.outbox[0].body).group(1)
    services.confirm(Subscription.objects.get().token)

    page = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'type="submit"' in page
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED

    done = client.post(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "You are unsubscribed" in done
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED


def test_a_mail_client_unsubscribes_in_one_click_without_cookie_or_csrf_token(deliver_emails):
    subscription = confirmed()
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        f"/lettre/desinscription/{subscription.token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert Subscription.objects.get().status == SubscriptionStatus.UNSUBSCRIBED


def test_a_wrong_link_changes_nothing_and_says_so(client):
    subscription = confirmed()

    page = client.post("/lettre/desinscription/Wr0ngT0ken/", HTTP_ACCEPT_LANGUAGE="en")
    confirm = client.post("/lettre/confirmer/Wr0ngT0ken/", HTTP_ACCEPT_LANGUAGE="en")

    assert "This link is not valid" in page.content.decode()
    assert "This link is not valid" in confirm.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == SubscriptionStatus.CONFIRMED


# --- The box on the booking page ---------------------------------------------------


def booking_data(**overrides):
    return {
        "party_size": "2",
        "name": "Alice Martin",
        "email": "alice@example.org",
        "postcode": "74300",
        "consent": "on",
        "idempotency_key": "form-key-000001",
        **overrides,
    }


def book(client, slot, deliver_emails, **overrides):
    with deliver_emails.capture():
        response = client.post(
            f"/creneau/{slot.pk}/reserver/", booking_data(**overrides), HTTP_ACCEPT_LANGUAGE="en"
        )
    deliver_emails()
    return response


def test_the_booking_page_s_news_box_is_unticked(client, slot):
    page = client.get(f"/creneau/{slot.pk}/reserver/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    box = re.search(r'<input type="checkbox" name="next_edition_news"[^>]*>', page).group(0)
    assert "checked" not in box
    assert "Send me news of the next edition" in page


def test_a_booking_without_the_box_asks_for_no_news(client, slot, deliver_emails):
    book(client, slot, deliver_emails)

    assert Booking.objects.count() == 1
    assert not Subscription.objects.exists()
    assert len(mail.outbox) == 1  # the ticket


def test_ticking_the_box_asks_for_news_with_its_own_e_mail_apart_from_the_ticket(
    client, slot, deliver_emails
):
    response = book(client, slot, deliver_emails, next_edition_news="on")

    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.email == "alice@example.org"
    assert subscription.source == Source.BOOKING
    assert subscription.status == SubscriptionStatus.PENDING
    assert len(mail.outbox) == 2
    news = [message for message in mail.outbox if "/lettre/confirmer/" in message.body]
    assert len(news) == 1 and not news[0].attachments


def test_a_booking_succeeds_when_the_address_is_already_subscribed(client, slot, deliver_emails):
    confirmed("alice@example.org")

    response = book(client, slot, deliver_emails, next_edition_news="on")

    assert response.status_code == 302
    assert Booking.objects.count() == 1
    assert Subscription.objects.get().status == SubscriptionStatus.CONFIRMED
    assert len(mail.outbox) == 1  # the ticket only
