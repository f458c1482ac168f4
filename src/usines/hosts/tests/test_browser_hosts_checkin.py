"""The check-in page on a phone at the gate, in a real browser: the offline name
search ignores accents, an action taken without network waits on the phone and is
sent when the network returns, and every arrival can be undone."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.bookings.models import Booking, WalkIn
from usines.bookings.services import Contact, book_visit
from usines.editions.models import EditionDay
from usines.testsupport import SlotFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def gate_page(live_server, browser):
    """A host's phone (in English) on the check-in page of today's visit, where Chloé
    Dupré and Adam Petit booked."""
    slot = SlotFactory(capacity=20)
    book_visit(slot.pk, 3, Contact("Chloé Dupré", "chloe@example.org", "74300"))
    book_visit(slot.pk, 2, Contact("Adam Petit", "adam@example.org", "74300"))
    EditionDay.objects.filter(pk=slot.day_id).update(date=timezone.localdate())
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(host)
    client = Client()
    client.force_login(host)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value,
             "url": live_server.url},
            {"name": "django_language", "value": "en", "url": live_server.url},
        ]
    )  # fmt: skip
    page = context.new_page()
    site_id = slot.visit.participation.site_id
    page.goto(f"{live_server.url}/hote/site/{site_id}/accueil/{slot.day_id}/")
    yield context, page
    context.close()


def test_offline_search_without_accents_then_check_in_and_undo(gate_page):
    context, page = gate_page
    context.set_offline(True)

    page.get_by_label("Or search by name").fill("chloe")
    results = page.locator("#search-results")
    results.get_by_text("Chloé Dupré", exact=True).wait_for()
    assert "Adam Petit" not in results.inner_text()
    page.get_by_label("Or search by name").fill("DUPRÉ")
    results.get_by_role("button", name="Check in – Chloé Dupré").click()

    page.get_by_text("No network: saved on this phone").wait_for()
    assert not Booking.objects.filter(checked_in_at__isnull=False).exists()
    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.locator("#checkin-result", has_text="Welcome! 3 places").wait_for()
    assert Booking.objects.get(name="Chloé Dupré").checked_in_at is not None
    page.locator("#latest").get_by_text("Chloé Dupré", exact=True).wait_for()

    page.locator("#checkin-actions").get_by_role("button", name=re.compile("^Undo")).click()
    page.locator("#checkin-result", has_text="Arrival undone").wait_for()
    assert Booking.objects.get(name="Chloé Dupré").checked_in_at is None
    assert page.locator("[data-count=arrived]").inner_text() == "0"
    # The search list knows she is not in any more: she can be checked in again.
    results.get_by_role("button", name="Check in – Chloé Dupré").wait_for()


def test_a_walk_in_replaces_the_banner_and_each_arrival_can_be_undone(gate_page):
    _context, page = gate_page
    page.get_by_label("Ticket code").fill(Booking.objects.get(name="Adam Petit").checkin_code)
    page.get_by_role("button", name="Check in", exact=True).click()
    page.locator("#checkin-result", has_text="Welcome! 2 places").wait_for()

    page.get_by_label("Adults", exact=True).fill("4")
    page.get_by_role("button", name="+ Adults").click()

    page.locator("#checkin-result", has_text="4 walk-ins recorded: Adults.").wait_for()
    assert "Welcome" not in page.locator("#checkin-result").inner_text()
    assert page.locator("[data-count=walk_ins]").inner_text() == "4"
    assert page.get_by_label("Pupils", exact=True).count() == 0  # a public day
    page.locator("#checkin-actions").get_by_role("button", name=re.compile("^Undo")).click()
    page.locator("#checkin-result", has_text="4 walk-ins removed").wait_for()
    assert not WalkIn.objects.exists()
    assert page.locator("[data-count=walk_ins]").inner_text() == "0"

    page.locator("#latest").get_by_role("button", name="Undo – Adam Petit").click()
    page.locator("#checkin-result", has_text="Arrival undone").wait_for()
    assert Booking.objects.get(name="Adam Petit").checked_in_at is None
    assert page.locator("#latest li").count() == 0


def test_an_action_undone_before_the_network_returns_is_never_sent(gate_page):
    context, page = gate_page
    context.set_offline(True)

    page.get_by_label("Children under 16", exact=True).fill("2")
    page.get_by_role("button", name="+ Children under 16").click()
    page.get_by_text("No network: saved on this phone").wait_for()
    page.locator("#checkin-actions").get_by_role("button", name=re.compile("^Undo")).click()
    page.get_by_text("Removed from this phone before it was sent").wait_for()

    context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_timeout(500)
    assert not WalkIn.objects.exists()
    assert (
        page.evaluate(
            "localStorage.length && JSON.parse(localStorage.getItem(localStorage.key(0)))"
        )
        == []
    )
