"""The API's public reads are kept a few seconds by each web process and marked for
proxies and CDNs; nothing private is ever kept."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.factories.models import Slot


def test_a_public_read_is_answered_from_memory_within_its_seconds(client, slot, settings):
    settings.PUBLIC_READ_SECONDS = 10
    site = slot.visit.participation.site_id
    first = client.get(f"/api/v1/sites/{site}/slots")
    Slot.objects.filter(pk=slot.pk).update(booked=4)

    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"/api/v1/sites/{site}/slots")

    assert not queries.captured_queries
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=10"
    assert again["ETag"] == first["ETag"]
    assert "Accept-Language" in again["Vary"]


def test_a_matching_etag_answers_304_without_a_body(client, slot, settings):
    settings.PUBLIC_READ_SECONDS = 10
    site = slot.visit.participation.site_id
    etag = client.get(f"/api/v1/sites/{site}").headers["ETag"]

    unchanged = client.get(f"/api/v1/sites/{site}", HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etag


def test_each_language_is_kept_apart(client, slot, settings):
    settings.PUBLIC_READ_SECONDS = 10
    french = client.get("/api/v1/sites/999999", HTTP_ACCEPT_LANGUAGE="fr")
    english = client.get("/api/v1/sites/999999", HTTP_ACCEPT_LANGUAGE="en")
    assert french.json()["detail"] != english.json()["detail"]

    site = slot.visit.participation.site_id
    client.get(f"/api/v1/sites/{site}", HTTP_ACCEPT_LANGUAGE="fr")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/api/v1/sites/{site}", HTTP_ACCEPT_LANGUAGE="en")
    assert queries.captured_queries  # not the French copy


def test_errors_and_bookings_are_never_kept(client, slot, settings):
    settings.PUBLIC_READ_SECONDS = 10
    assert client.get("/api/v1/sites/999999").status_code == 404
    assert "public" not in client.get("/api/v1/sites/999999").get("Cache-Control", "")

    booked = client.post(
        "/api/v1/bookings",
        {
            "slot": slot.pk,
            "party_size": 1,
            "name": "Ana",
            "email": "ana@example.org",
            "postcode": "74300",
            "consent": True,
        },
        content_type="application/json",
    ).json()
    client.get(f"/api/v1/bookings/{booked['token']}")
    client.delete(f"/api/v1/bookings/{booked['token']}")

    after = client.get(f"/api/v1/bookings/{booked['token']}")
    assert after.json()["status"] == "cancelled"
    assert "no-store" in after["Cache-Control"]
