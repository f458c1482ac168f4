import json
import logging

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.bookings.models import Booking
from usines.editions.models import Audience
from usines.testsupport import (
    CommuneFactory,
    DepartmentFactory,
    RegionFactory,
    SlotFactory,
    statements_sent,
)

pytestmark = pytest.mark.django_db


def post_booking(client, **fields):
    return client.post("/api/v1/bookings", json.dumps(fields), content_type="application/json")


def booking_payload(slot, **overrides):
    return {
        "slot": slot.pk,
        "party_size": 2,
        "name": "Alice Martin",
        "email": "alice@example.org",
        "postcode": "74300",
        "idempotency_key": "api-key-000001",
        "consent": True,
        **overrides,
    }


def test_current_edition_gives_days_and_counters(client, slot):
    response = client.get("/api/v1/editions/current")

    body = response.json()
    assert response.status_code == 200
    assert body["name"] == slot.day.edition.name
    assert body["days"][0]["audience"] == "public"
    assert body["factories"] == 1
    assert body["places_left"] == 10


def test_sites_are_paginated_with_count_and_items(client, slot):
    response = client.get("/api/v1/sites")

    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    site = slot.visit.participation.site
    assert item["id"] == site.pk
    assert item["commune"] == "Cluses"
    assert item["department"] == "74"
    assert item["naf"] == "25.62B"
    assert (item["lat"], item["lon"]) == (site.latitude, site.longitude)


def test_sites_filter_by_region_and_department(client, slot):
    other_region = RegionFactory(code="11", name="Île-de-France")
    paris = CommuneFactory(
        insee_code="75056",
        name="Paris",
        department=DepartmentFactory(code="75", name="Paris", region=other_region),
    )
    SlotFactory(day=slot.day, visit__participation__site__commune=paris)

    assert client.get("/api/v1/sites?region=84").json()["count"] == 1
    assert client.get("/api/v1/sites?department=75").json()["items"][0]["commune"] == "Paris"
    assert client.get("/api/v1/sites").json()["count"] == 2


def test_an_unknown_filter_value_answers_422_saying_which_field(client, slot):
    response = client.get("/api/v1/sites?region=zz")

    assert response.status_code == 422
    assert "region" in response.json()["errors"]


def test_a_site_and_its_slots(client, slot):
    site_id = slot.visit.participation.site_id

    detail = client.get(f"/api/v1/sites/{site_id}").json()
    slots = client.get(f"/api/v1/sites/{site_id}/slots").json()

    assert detail["minimum_age"] == 10
    assert slots["items"][0] == {
        "id": slot.pk,
        "day": slot.day.date.isoformat(),
        "start": slots["items"][0]["start"],
        "end": slots["items"][0]["end"],
        "audience": "public",
        "capacity": 10,
        "booked": 0,
        "available": 10,
    }


def test_an_unknown_site_is_404(client, slot):
    assert client.get("/api/v1/sites/999999").status_code == 404


def test_posting_a_booking_answers_201_with_its_private_token(client, slot, settings):
    # The booking rush path, once this process has read the slot. On PostgreSQL: one
    # query to the database (a savepoint around it inside the test's own transaction,
    # nothing else in production) that takes the address's lock, then the places,
    # the booking and its e-mail task in one statement. On SQLite: three statements
    # in one transaction, the e-mail task first, then the places and the booking
    # (whose INSERT checks the e-mail caps), so the slot's row is locked for the last
    # two only. Either way the key's unique constraint stops a repeat. The rate
    # limits' counters are the cache's (Redis in production), not the booking's: off
    # here. Nor does this booking look whether another process changed a slot (once a
    # second at most, see bookings/recent.py).
    settings.RATELIMIT_ENABLE = False
    settings.SLOT_FACTS_CHECK_SECONDS = 3600
    with CaptureQueriesContext(connection) as first:
        post_booking(
            client, **booking_payload(slot, email="leo@example.org", idempotency_key="k" * 8)
        )
    with CaptureQueriesContext(connection) as queries:
        response = post_booking(client, **booking_payload(slot))

    sql = statements_sent(queries.captured_queries)
    if connection.vendor == "postgresql":
        assert [statement.split()[0] for statement in sql] == ["SAVEPOINT", "SELECT", "RELEASE"]
        assert "pg_advisory_xact_lock" in sql[1]
        assert all(table in sql[1] for table in ("factories_slot", "bookings_booking", "dbtask"))
    else:
        statements = [statement.split()[0] for statement in sql]
        assert statements == ["SAVEPOINT", "INSERT", "UPDATE", "INSERT", "RELEASE"]
        assert "dbtaskresult" in sql[1]
        assert "bookings_booking" in sql[3]
    # and, the first time, four more reads: whether a change was announced, the slot,
    # its phases and whether a ballot holds it
    assert len(statements_sent(first.captured_queries)) == len(sql) + 4
    body = response.json()
    assert response.status_code == 201
    assert response["Content-Length"] == str(len(response.content))  # sent whole, not chunked
    assert body["status"] == "confirmed"
    assert body["site_name"] == slot.visit.participation.site.name
    assert Booking.objects.get(token=body["token"]).party_size == 2


def test_the_same_idempotency_key_returns_the_same_booking(client, slot):
    first = post_booking(client, **booking_payload(slot)).json()
    again = post_booking(client, **booking_payload(slot))

    assert again.json()["token"] == first["token"]
    assert again["Idempotent-Replayed"] == "true"
    assert Booking.objects.count() == 1


def test_a_full_slot_answers_409(client, slot):
    post_booking(client, **booking_payload(slot, party_size=6, idempotency_key="key-aaaaaaa1"))
    response = post_booking(
        client, **booking_payload(slot, party_size=6, idempotency_key="key-aaaaaaa2")
    )

    assert response.status_code == 409
    assert response.json()["code"] == "slot_full"


def test_refused_bookings_are_answers_not_log_warnings(client, slot, caplog):
    post_booking(client, **booking_payload(slot, party_size=6, idempotency_key="key-aaaaaaa1"))
    for n in range(3):
        refused = post_booking(
            client, **booking_payload(slot, party_size=6, idempotency_key=f"key-bbbbbbb{n}")
        )
        assert refused.status_code == 409

    assert [record for record in caplog.records if record.name == "django.request"] == []
    assert logging.getLogger("django.request").isEnabledFor(logging.ERROR)


def test_a_closed_slot_answers_409(client, db):
    slot = SlotFactory(day__audience=Audience.SCHOOL)

    response = post_booking(client, **booking_payload(slot))

    assert response.status_code == 409
    assert response.json()["code"] == "wrong_audience"


def test_invalid_fields_answer_422_with_a_message_per_field_in_french(client, slot):
    response = post_booking(
        client, **booking_payload(slot, email="not-an-email", postcode="74", party_size=9)
    )

    errors = response.json()["errors"]
    assert response.status_code == 422
    assert errors["email"] == ["Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."]
    assert "postcode" in errors
    assert errors["party_size"] == ["Vous pouvez réserver de 1 à 6 places."]
    assert not Booking.objects.exists()


def test_errors_are_in_english_when_asked(client, slot):
    response = client.post(
        "/api/v1/bookings",
        json.dumps(booking_payload(slot, email="nope")),
        content_type="application/json",
        headers={"accept-language": "en"},
    )

    assert response.json()["errors"]["email"] == [
        "Enter a valid e-mail address, e.g. name@example.fr."
    ]


@pytest.mark.parametrize(
    "body",
    [
        "{",
        "[]",
        '{"slot": "abc"}',
        '{"slot": 1, "party_size": "many", "name": "A", "email": "a@b.fr"}',
        '{"slot": 99999999, "party_size": 1, "name": "A", "email": "a@b.fr"}',
    ],
)
def test_malformed_bodies_answer_4xx_never_500(client, slot, body):
    response = client.post("/api/v1/bookings", body, content_type="application/json")

    assert 400 <= response.status_code < 500
    assert response["Content-Length"] == str(len(response.content))
    assert not Booking.objects.exists()


def test_get_and_delete_a_booking_by_token(client, slot):
    token = post_booking(client, **booking_payload(slot)).json()["token"]

    seen = client.get(f"/api/v1/bookings/{token}").json()
    cancelled = client.delete(f"/api/v1/bookings/{token}")
    again = client.delete(f"/api/v1/bookings/{token}")

    slot.refresh_from_db()
    assert seen["party_size"] == 2
    assert cancelled.json()["status"] == "cancelled"
    assert again.status_code == 409
    assert slot.booked == 0


def test_an_unknown_token_is_404(client, db):
    assert client.get("/api/v1/bookings/not-a-real-token").status_code == 404
    assert client.delete("/api/v1/bookings/not-a-real-token").status_code == 404


def test_the_openapi_document_is_valid_and_names_every_endpoint(client, db):
    from openapi_spec_validator import validate

    document = client.get("/api/v1/openapi.json").json()

    validate(document)
    assert {
        "/api/v1/editions/current",
        "/api/v1/sites",
        "/api/v1/sites/{site_id}",
        "/api/v1/sites/{site_id}/slots",
        "/api/v1/bookings",
        "/api/v1/bookings/{token}",
    } <= set(document["paths"])


def test_the_docs_page_serves_without_any_cdn(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"cdn." not in response.content


def test_healthz_answers_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert "no-store" in response["Cache-Control"]  # a node's state now, never shared
    assert mail.outbox == []
