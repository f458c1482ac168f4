"""The booking API's optional `next_edition_news`: false unless the client says
the visitor ticked it; true asks for the news, confirmed by the visitor's e-mail."""

import json

import pytest
from django.core import mail

from usines.bookings.models import Booking
from usines.mailinglist.models import Source, Subscription, SubscriptionStatus

pytestmark = pytest.mark.django_db


def post_booking(client, deliver_emails, slot, **fields):
    payload = {
        "slot": slot.pk,
        "party_size": 2,
        "name": "Alice Martin",
        "email": "alice@example.org",
        "consent": True,
        "postcode": "74300",
        "idempotency_key": "api-key-000001",
        **fields,
    }
    with deliver_emails.capture():
        response = client.post(
            "/api/v1/bookings", json.dumps(payload), content_type="application/json"
        )
    deliver_emails()
    return response


def test_a_booking_without_the_field_asks_for_no_news(client, slot, deliver_emails):
    response = post_booking(client, deliver_emails, slot)

    assert response.status_code == 201
    assert not Subscription.objects.exists()


def test_next_edition_news_true_asks_for_news_confirmed_by_e_mail(client, slot, deliver_emails):
    response = post_booking(client, deliver_emails, slot, next_edition_news=True)

    assert response.status_code == 201
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.source, subscription.status) == (
        "alice@example.org",
        Source.BOOKING,
        SubscriptionStatus.PENDING,
    )
    assert sum("/lettre/confirmer/" in message.body for message in mail.outbox) == 1


def test_a_replayed_booking_asks_for_news_once(client, slot, deliver_emails):
    post_booking(client, deliver_emails, slot, next_edition_news=True)
    replay = post_booking(client, deliver_emails, slot, next_edition_news=True)

    assert replay["Idempotent-Replayed"] == "true"
    assert sum("/lettre/confirmer/" in message.body for message in mail.outbox) == 1


def test_a_field_that_is_not_a_boolean_is_refused_and_nothing_is_booked(
    client, slot, deliver_emails
):
    response = post_booking(client, deliver_emails, slot, next_edition_news="yes")

    assert response.status_code == 422
    assert not Booking.objects.exists() and not Subscription.objects.exists()


def test_the_field_is_documented_as_optional_in_the_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    booking_in = schema["components"]["schemas"]["BookingIn"]
    assert booking_in["properties"]["next_edition_news"]["default"] is False
    assert "next_edition_news" not in booking_in.get("required", [])
