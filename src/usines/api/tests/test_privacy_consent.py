"""The API books only with the person's explicit consent, and keeps its version."""

import json

import pytest

from usines.bookings import consent
from usines.bookings.models import Booking

pytestmark = pytest.mark.django_db


def payload(slot, **overrides) -> dict:
    return {
        "slot": slot.pk,
        "party_size": 1,
        "name": "Ana Lopez",
        "email": "ana@example.org",
        "postcode": "74300",
        "idempotency_key": "privacy-api-0001",
        **overrides,
    }


def post(client, body: dict, language: str = "en"):
    return client.post(
        "/api/v1/bookings",
        json.dumps(body),
        content_type="application/json",
        headers={"accept-language": language},
    )


@pytest.mark.parametrize("value", [False, None, "yes", 1])
def test_a_booking_without_consent_true_is_refused_and_says_why(client, slot, value):
    response = post(client, payload(slot, consent=value))

    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "consent_required"
    assert body["errors"]["consent"] == [body["detail"]]
    assert '"consent": true' in body["detail"]
    assert not Booking.objects.exists()


def test_a_missing_consent_is_refused_in_french_too(client, slot):
    response = post(client, payload(slot), language="fr")

    body = response.json()
    assert response.status_code == 422
    assert body["code"] == "consent_required"
    assert "consent" in body["errors"]
    assert not Booking.objects.exists()


def test_other_errors_are_listed_beside_the_missing_consent(client, slot):
    response = post(client, payload(slot, party_size=True))

    assert response.json()["code"] == "invalid"
    assert {"party_size", "consent"} <= set(response.json()["errors"])


def test_a_booking_with_consent_keeps_the_version_of_the_text(client, slot):
    response = post(client, payload(slot, consent=True))

    assert response.status_code == 201
    booking = Booking.objects.get()
    assert booking.consent_version == consent.VISITOR
    assert booking.consent_at is not None


def test_the_consent_text_and_the_required_field_are_published(client, db):
    text = client.get("/api/v1/consent", headers={"accept-language": "en"}).json()
    document = client.get("/api/v1/openapi.json").json()

    assert text["version"] == consent.VISITOR
    assert "I am 15 or over" in text["text"]
    assert text["privacy_url"].endswith("/donnees-personnelles/")
    booking_in = document["components"]["schemas"]["BookingIn"]
    assert "consent" in booking_in["required"]
    assert booking_in["properties"]["consent"]["type"] == "boolean"
