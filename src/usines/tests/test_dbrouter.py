"""Which database each read goes to: the replica for the public discovery reads, the
primary for bookings, back-office pages, writes, and a browser that just wrote.

The test database has no replica: `replica_on` says one is configured and records
the router's choice for every read while still running it on "default"."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.db import transaction
from django.urls import reverse

from usines import dbrouter
from usines.accounts.models import Role, User
from usines.bookings import services
from usines.factories.models import Slot

ROUTER = dbrouter.ReplicaRouter()
PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture
def choices(monkeypatch):
    """The router's answer for every read (the query itself still runs on default)."""
    made: list[str] = []
    decide = dbrouter.ReplicaRouter.db_for_read

    def recorded(self, model, **hints):
        made.append(decide(self, model, **hints))
        return "default"

    monkeypatch.setattr(dbrouter.ReplicaRouter, "db_for_read", recorded)
    return made


@pytest.fixture
def replica_on(monkeypatch, choices):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    return choices


def book(slot: Slot):
    contact = services.Contact(name="Ada Visitor", email="ada@example.org", postcode="74300")
    return services.book_visit(slot.pk, 1, contact).booking


def test_without_a_replica_every_read_goes_to_the_primary(client, slot, choices):
    assert (
        client.get(reverse("web:site", args=[slot.visit.participation.site_id])).status_code == 200
    )
    assert choices and set(choices) == {"default"}


def test_discovery_pages_read_from_the_replica(client, slot, replica_on):
    site = slot.visit.participation.site
    for url in (
        reverse("web:home"),
        reverse("web:site", args=[site.pk]),
        reverse("web:open_data_geojson"),
    ):
        replica_on.clear()
        assert client.get(url).status_code == 200
        assert replica_on and set(replica_on) == {"replica"}, url


def test_public_api_reads_and_geojson_read_from_the_replica(client, slot, replica_on):
    site_id = slot.visit.participation.site_id
    for url in (f"/api/v1/sites/{site_id}/slots", "/api/v1/sites.geojson"):
        replica_on.clear()
        assert client.get(url).status_code == 200
        assert replica_on and set(replica_on) == {"replica"}, url


def test_a_booking_and_its_pages_read_from_the_primary(client, slot, replica_on):
    booking = book(slot)
    replica_on.clear()
    for url in (
        reverse("web:booking", args=[booking.token]),
        f"/api/v1/bookings/{booking.token}",
        reverse("web:book", args=[slot.pk]),
    ):
        replica_on.clear()
        assert client.get(url).status_code == 200, url
        assert replica_on and set(replica_on) == {"default"}, url


def test_back_office_pages_read_from_the_primary(client, slot, replica_on):
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    client.force_login(organiser)
    replica_on.clear()
    assert client.get(reverse("console:cockpit")).status_code == 200
    assert replica_on and "replica" not in replica_on
    replica_on.clear()
    client.get(reverse("web:home"))  # a signed-in user sees their own writes too
    assert replica_on and "replica" not in replica_on


def test_after_booking_a_browser_reads_from_the_primary_for_a_while(client, slot, replica_on):
    answer = client.post(
        reverse("web:book", args=[slot.pk]),
        {
            "name": "Ada Visitor",
            "email": "ada@example.org",
            "postcode": "74300",
            "party_size": 1,
            "consent": "on",
            "idempotency_key": "pin-test",
        },
    )
    assert answer.status_code == 302
    pin = answer.cookies[dbrouter.PIN_COOKIE]
    assert int(pin["max-age"]) > 0
    replica_on.clear()
    client.get(reverse("web:site", args=[slot.visit.participation.site_id]))
    assert replica_on and set(replica_on) == {"default"}


def test_no_pin_is_set_without_a_replica(client, slot):
    answer = client.post(reverse("web:book", args=[slot.pk]), {"name": ""})
    assert dbrouter.PIN_COOKIE not in answer.cookies


def test_writes_and_reads_inside_a_transaction_go_to_the_primary(db, monkeypatch):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    assert ROUTER.db_for_read(Slot) == "default"  # outside a marked request
    with dbrouter.replica_reads():
        assert ROUTER.db_for_read(Slot) == "replica"
        assert ROUTER.db_for_write(Slot) == "default"
        with transaction.atomic():
            assert ROUTER.db_for_read(Slot) == "default"
        assert ROUTER.db_for_read(Session) == "default"  # read where it was written
    assert ROUTER.allow_migrate("replica", "factories") is False
    assert ROUTER.allow_migrate("default", "factories") is True


def test_marked_code_reads_from_the_primary_when_no_replica_is_configured(db):
    with dbrouter.replica_reads():
        assert ROUTER.db_for_read(Slot) == "default"


def test_healthz_has_no_replica_field_without_a_replica(client, db):
    assert "replica" not in client.get("/healthz").json()


def test_healthz_shows_the_replica_lag(client, db, monkeypatch):
    monkeypatch.setattr("usines.web.views.replica_lag", lambda: {"lag_seconds": 0.25})
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.json()["replica"] == {"lag_seconds": 0.25}


def test_healthz_says_when_the_replica_cannot_be_asked(client, db, monkeypatch):
    monkeypatch.setattr(dbrouter, "replica_configured", lambda: True)
    answer = client.get("/healthz")
    assert answer.status_code == 200  # the primary answers: this node still serves
    assert answer.json()["replica"] == {"lag_seconds": None, "error": "unreachable"}


def test_a_host_behind_pgbouncer_with_a_replica_gets_both_databases():
    """The settings a web host of `make cluster` gets: the primary through PgBouncer
    without server-side cursors, the replica beside it, migrated with the primary."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DATABASE_URL", "DATABASE_REPLICA_URL"}
    }
    environment.update(
        SECRET_KEY="a-long-random-key-for-this-test-only-" * 2,
        DATABASE_URL="postgres://usines:pw@10.0.0.1:6432/usines",
        DATABASE_POOLED="1",
        DATABASE_REPLICA_URL="postgres://usines:pw@10.0.0.2:5432/usines",
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s;"
        "print(json.dumps({alias: [d['HOST'], d['PORT'], d['DISABLE_SERVER_SIDE_CURSORS'],"
        " d.get('TEST', {}).get('MIRROR')] for alias, d in s.DATABASES.items()}))"
    )
    result = subprocess.run(  # noqa: S603 - the project's own settings
        [sys.executable, "-c", code],
        cwd=PROJECT / "src",
        env={**environment, "DJANGO_SETTINGS_MODULE": "usines.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "default": ["10.0.0.1", 6432, True, None],
        "replica": ["10.0.0.2", 5432, False, "default"],
    }
