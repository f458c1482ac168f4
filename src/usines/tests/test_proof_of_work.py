"""A busy address proves some work before each further post of a public form."""

import base64
import json
import re

import altcha
import pytest
from playwright.sync_api import expect

from usines.bookings.models import Booking
from usines.testsupport import new_page

FORM = {
    "party_size": 1,
    "name": "Ana",
    "email": "ana@example.org",
    "postcode": "74300",
    "consent": "on",
}


def _challenge(html: str) -> dict:
    found = re.search(r'<script id="proof-challenge" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


def _solution(challenge: dict) -> str:
    solved = altcha.solve_challenge_v1(
        challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxnumber"]
    )
    payload = {**challenge, "number": solved.number}
    del payload["maxnumber"]
    return base64.b64encode(json.dumps(payload).encode()).decode()


def test_the_first_posts_of_an_address_need_no_proof(client, slot):
    response = client.post(f"/creneau/{slot.pk}/reserver/", {**FORM, "idempotency_key": "key00001"})

    assert response.status_code == 302
    assert Booking.objects.count() == 1


def test_a_busy_address_books_only_with_a_solved_challenge_used_once(client, slot, settings):
    settings.PROOF_FREE_POSTS = 0
    url = f"/creneau/{slot.pk}/reserver/"

    refused = client.post(url, {**FORM, "idempotency_key": "key00001"})
    assert "résoudre une courte vérification" in refused.content.decode()
    assert not Booking.objects.exists()

    solution = _solution(_challenge(refused.content.decode()))
    booked = client.post(url, {**FORM, "idempotency_key": "key00002", "altcha": solution})
    assert booked.status_code == 302
    assert Booking.objects.count() == 1

    replayed = client.post(
        url, {**FORM, "email": "bob@example.org", "idempotency_key": "key00003", "altcha": solution}
    )
    assert replayed.status_code == 200
    assert Booking.objects.count() == 1


def test_a_forged_solution_is_refused(client, slot, settings):
    settings.PROOF_FREE_POSTS = 0
    page = client.post(f"/creneau/{slot.pk}/reserver/", {**FORM, "idempotency_key": "key00001"})
    forged = {**_challenge(page.content.decode()), "number": 7, "signature": "0" * 64}
    del forged["maxnumber"]
    payload = base64.b64encode(json.dumps(forged).encode()).decode()

    client.post(
        f"/creneau/{slot.pk}/reserver/", {**FORM, "idempotency_key": "key00002", "altcha": payload}
    )

    assert not Booking.objects.exists()


@pytest.mark.browser
def test_the_browser_solves_the_challenge_and_the_booking_goes_through(
    live_server, browser, slot, settings
):
    settings.PROOF_FREE_POSTS = 0
    page = new_page(browser)
    page.goto(live_server.url + f"/creneau/{slot.pk}/reserver/")
    page.get_by_label("Votre nom").fill("Ana Dupont")
    page.get_by_label("E-mail", exact=True).fill("ana@example.org")
    page.get_by_label("Votre code postal").fill("74300")
    page.get_by_label(re.compile("^J’accepte")).check()
    page.get_by_role(
        "button", name="Confirmer ma réservation"
    ).click()  # refused: the address owes a proof
    page.locator('input[name="altcha"]').wait_for(state="attached")
    # The solved proof fills the field (checked from outside the page: its CSP allows
    # no evaluated script).
    expect(page.locator('input[name="altcha"]')).not_to_have_value("", timeout=60_000)
    page.get_by_label(re.compile("^J’accepte")).check()
    page.get_by_role("button", name="Confirmer ma réservation").click()
    page.get_by_text("Votre réservation est confirmée.").wait_for()
    assert Booking.objects.count() == 1
