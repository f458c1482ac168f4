"""Every public write is limited per client address (and per e-mail or account),
in counters every web process shares; past the limit, a clear 429."""

import multiprocessing

import pytest
from django.db import connections
from django.test import RequestFactory

from usines import limits
from usines.accounts.models import User
from usines.bookings.models import Booking

TINY = limits.Limit("booking-address", "3/m")
# The same count over a day: processes started one after the other may straddle the
# end of a minute's window, and then count afresh; a day's window they do not.
TINY_PER_DAY = limits.Limit("booking-address", "3/d")


def _booking_form(slot, email: str, n: int) -> dict:
    return {
        "party_size": 1,
        "name": f"Visiteur {n}",
        "email": email,
        "postcode": "74300",
        "consent": "on",
        "idempotency_key": f"key-{n}-" + email.split("@")[0].lower(),
    }


def test_a_fourth_booking_a_minute_from_one_address_gets_the_429_page(client, slot, monkeypatch):
    monkeypatch.setattr(limits, "BOOKING_BY_ADDRESS", TINY)
    for n in range(3):
        client.post(f"/creneau/{slot.pk}/reserver/", _booking_form(slot, f"v{n}@example.org", n))

    response = client.post(f"/creneau/{slot.pk}/reserver/", _booking_form(slot, "x@example.org", 9))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert "Patientez 1 minute" in response.content.decode()
    assert Booking.objects.count() == 3


def test_one_email_is_limited_from_any_address(client, slot, monkeypatch):
    monkeypatch.setattr(limits, "BOOKING_BY_EMAIL", limits.Limit("booking-email", "2/h", False))
    for n in range(2):
        client.post(
            f"/creneau/{slot.pk}/reserver/",
            _booking_form(slot, "Bot@Example.org", n),
            REMOTE_ADDR=f"10.0.0.{n}",
        )

    response = client.post(
        f"/creneau/{slot.pk}/reserver/",
        _booking_form(slot, "bot@example.org", 5),
        REMOTE_ADDR="10.0.0.99",
    )

    assert response.status_code == 429
    assert Booking.objects.count() == 2


def test_the_api_answers_429_json_with_retry_after(client, slot, monkeypatch):
    monkeypatch.setattr(limits, "BOOKING_BY_ADDRESS", limits.Limit("booking-address", "1/m"))
    payload = {
        "slot": slot.pk,
        "party_size": 1,
        "name": "A",
        "email": "a@example.org",
        "consent": True,
    }
    client.post("/api/v1/bookings", payload, content_type="application/json")

    response = client.post(
        "/api/v1/bookings", {**payload, "email": "b@example.org"}, content_type="application/json"
    )

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response.json()["code"] == "too_many_requests"


def test_passwords_are_not_tried_without_end(client, db):
    User.objects.create_user("ana@example.org", "ana@example.org", "the right pass phrase")
    for n in range(10):
        client.post(
            "/accounts/login/",
            {"username": "ana@example.org", "password": f"guess {n}"},
            REMOTE_ADDR=f"10.1.0.{n}",
        )

    response = client.post(
        "/accounts/login/",
        {"username": "ana@example.org", "password": "the right pass phrase"},
        REMOTE_ADDR="10.1.0.200",
    )

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_limits_can_be_turned_off_for_benchmarks(client, slot, monkeypatch, settings):
    settings.RATELIMIT_ENABLE = False
    monkeypatch.setattr(limits, "BOOKING_BY_ADDRESS", TINY)
    for n in range(5):
        client.post(f"/creneau/{slot.pk}/reserver/", _booking_form(slot, f"v{n}@example.org", n))

    assert Booking.objects.count() == 5


def _count_in_a_new_process(hits: int, results) -> None:
    connections.close_all()
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.7")
    refused = 0
    for _ in range(hits):
        try:
            limits.check(request, TINY_PER_DAY)
        except limits.TooManyRequests:
            refused += 1
    results.put(refused)
    connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_the_counters_are_shared_by_every_process():
    """Two web processes, one after the other: the second sees what the first counted
    (no counter lives in a process's memory)."""
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    connections.close_all()
    refused = []
    for _ in range(2):
        process = context.Process(target=_count_in_a_new_process, args=(2, results))
        process.start()
        process.join(timeout=60)
        refused.append(results.get(timeout=10))

    assert refused == [0, 1]  # 3 a day: the first process takes 2, the second 1 more
