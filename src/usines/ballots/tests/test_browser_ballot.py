"""A ballot in a real browser: a visitor wanting a popular visit is sent to its ballot,
enters with three ranked choices, the organiser draws in the console once the entries
close, and the visitor finds the ticket won on its entry's page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.ballots.models import Ballot, BallotEntry
from usines.ballots.services import create_ballot
from usines.bookings.models import Booking
from usines.testsupport import SlotFactory, log_in, new_page

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


def test_a_visitor_enters_a_ballot_and_finds_the_ticket_won(live_server, browser):
    first = SlotFactory(capacity=8)
    slots = [first] + [
        SlotFactory(
            visit=first.visit,
            day=first.day,
            capacity=8,
            starts_at=first.starts_at + timedelta(hours=hours),
        )
        for hours in (2, 4)
    ]
    now = timezone.now()
    ballot = create_ballot(
        first.day.edition, "public", now - timedelta(hours=1), now + timedelta(days=2),
        visit=first.visit,
    )  # fmt: skip
    User.objects.create_user("orga@example.org", "orga@example.org", PASSWORD, role=Role.ORGANISER)

    # The visitor wants the second slot: its booking page leads to the ballot.
    visitor = new_page(browser)
    visitor.goto(f"{live_server.url}/creneau/{slots[1].pk}/reserver/")
    assert f"/tirage/{ballot.pk}/" in visitor.url
    form = visitor.locator("main form[novalidate]")
    assert form.locator("select[name=choice_1]").input_value() == str(slots[1].pk)
    form.locator("select[name=choice_2]").select_option(str(slots[2].pk))
    form.locator("select[name=choice_3]").select_option(str(slots[0].pk))
    form.locator("input[name=party_size]").fill("2")
    form.locator("input[name=name]").fill("Agathe Tirage")
    form.locator("input[name=email]").fill("agathe@example.org")
    form.locator("input[name=postcode]").fill("74300")
    form.locator("input[name=consent]").check()
    form.locator("button[type=submit]").click()
    visitor.locator("#entry-summary").wait_for()
    entry = BallotEntry.objects.get()
    assert list(entry.choices.values_list("slot_id", flat=True)) == [
        slots[1].pk,
        slots[2].pk,
        slots[0].pk,
    ]
    assert visitor.locator("#entry-summary li").count() == 3

    # The entries close; the organiser draws in the console.
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    desktop = new_page(browser, width=1280, height=900)
    organiser = log_in(desktop, live_server.url, "orga@example.org", PASSWORD)
    organiser.goto(f"{live_server.url}/organisation/tirages/")
    organiser.locator(f"a[href='/organisation/tirages/{ballot.pk}/']").click()
    organiser.locator("#public-value").fill("03 11 27 38 45")
    organiser.locator("#draw-form button[type=submit]").click()
    organiser.locator("#draw-result").wait_for()
    assert organiser.locator(f"a[href='/organisation/tirages/{ballot.pk}/journal.csv']").count()

    # The visitor's entry page now shows the result and leads to the ticket.
    visitor.goto(f"{live_server.url}/tirage/inscription/{entry.token}/")
    visitor.locator("#ballot-result a.button").click()
    booking = Booking.objects.get(email="agathe@example.org")
    assert booking.slot_id == slots[1].pk and booking.party_size == 2
    visitor.wait_for_url(f"**/reservation/{booking.token}/")
    assert booking.checkin_code in visitor.content()
