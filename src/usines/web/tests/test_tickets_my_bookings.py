""" "My bookings": a visitor asks for a link by e-mail and sees all their bookings,
without an account, and nobody learns who booked."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from usines.bookings import links
from usines.bookings.models import BookingsLink
from usines.bookings.services import Contact, book_visit, cancel_booking, join_waitlist
from usines.testsupport import EditionDayFactory, EditionFactory, SlotFactory

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://[^/\s]+(/mes-reservations/lien/[\w-]+/)")


def ask_link(client, deliver_emails, email: str):
    with deliver_emails.capture():
        response = client.post("/mes-reservations/", {"email": email}, HTTP_ACCEPT_LANGUAGE="en")
    deliver_emails()
    return response


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def open_list(client, deliver_emails, email="ana@example.org"):
    """Ask for the link, open it as the visitor does, and return the list page."""
    ask_link(client, deliver_emails, email)
    path = link_in(mail.outbox[-1])
    client.post(path)
    return client.get("/mes-reservations/liste/", HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def booking(slot):
    return book_visit(slot.pk, 2, Contact("Ana Lopez", "ana@example.org", "74300", "en")).booking


def test_the_answer_is_the_same_whether_the_address_booked_or_not(client, booking, deliver_emails):
    deliver_emails().clear()  # the booking's confirmation
    known = ask_link(client, deliver_emails, "Ana@Example.org")
    unknown = ask_link(Client(), deliver_emails, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/mes-reservations/envoye/"
    assert [message.to for message in mail.outbox] == [["ana@example.org"]]
    assert BookingsLink.objects.count() == 1


def test_the_link_opens_every_booking_of_the_address_with_its_ticket_and_cancel_link(
    client, booking, deliver_emails
):
    other = book_visit(
        SlotFactory().pk, 1, Contact("Ana Lopez", "ana@example.org", "74300", "en")
    ).booking
    stranger = book_visit(booking.slot_id, 1, Contact("Bob", "bob@example.org", "74300")).booking

    page = open_list(client, deliver_emails)

    html = page.content.decode()
    assert page.status_code == 200
    for mine in (booking, other):
        assert f'href="/reservation/{mine.token}/"' in html
        assert f'href="/reservation/{mine.token}/annuler/"' in html
        assert f'href="/reservation/{mine.token}/billet.pdf"' in html
    assert stranger.token not in html
    assert "no-store" in page["Cache-Control"]


def test_the_list_keeps_working_on_reload_but_the_link_cannot_be_replayed(
    client, booking, deliver_emails
):
    ask_link(client, deliver_emails, "ana@example.org")
    path = link_in(mail.outbox[-1])
    assert client.post(path)["Location"] == "/mes-reservations/liste/"

    assert client.get("/mes-reservations/liste/").status_code == 200
    assert client.get("/mes-reservations/liste/").status_code == 200
    other_browser = Client()
    replayed = other_browser.post(path, HTTP_ACCEPT_LANGUAGE="en")
    assert replayed.status_code == 200
    assert "expired or has already been used" in replayed.content.decode()
    assert other_browser.get("/mes-reservations/liste/")["Location"] == "/mes-reservations/"


def test_following_the_link_does_not_use_it_up_until_the_button_is_pressed(
    client, booking, deliver_emails
):
    ask_link(client, deliver_emails, "ana@example.org")
    path = link_in(mail.outbox[-1])

    scanned = Client().get(path, HTTP_ACCEPT_LANGUAGE="en")  # a mail scanner fetching links

    assert "Show my bookings" in scanned.content.decode()
    assert client.post(path)["Location"] == "/mes-reservations/liste/"


def test_a_link_past_its_time_opens_nothing(client, booking, deliver_emails):
    ask_link(client, deliver_emails, "ana@example.org")
    path = link_in(mail.outbox[-1])
    BookingsLink.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client.post(path)

    assert response.status_code == 200
    assert client.get("/mes-reservations/liste/")["Location"] == "/mes-reservations/"


def test_the_access_ends_after_its_hours_and_when_closed(client, booking, deliver_emails):
    open_list(client, deliver_emails)
    session = client.session
    session["my_bookings"]["until"] = timezone.now().timestamp() - 1
    session.save()

    assert client.get("/mes-reservations/liste/")["Location"] == "/mes-reservations/"

    open_list(client, deliver_emails)
    client.post("/mes-reservations/fermer/")
    assert client.get("/mes-reservations/liste/")["Location"] == "/mes-reservations/"


def test_the_access_lasts_as_long_as_the_browser_for_a_visitor_without_account(
    client, booking, deliver_emails
):
    open_list(client, deliver_emails)

    assert client.cookies["sessionid"]["expires"] == ""
    assert client.cookies["sessionid"]["max-age"] == ""


def test_the_list_shows_this_editions_past_and_cancelled_bookings_and_waiting_lists(
    client, slot, booking, deliver_emails
):
    cancelled = book_visit(slot.pk, 1, Contact("Ana Lopez", "ana@example.org", "74300")).booking
    cancel_booking(cancelled.token)
    full = SlotFactory(capacity=1, day=slot.day, visit=slot.visit)
    book_visit(full.pk, 1, Contact("Bob", "bob@example.org", "74300"))
    entry = join_waitlist(full.pk, 1, Contact("Ana Lopez", "ana@example.org", "74300")).entry

    html = open_list(client, deliver_emails).content.decode()

    assert f'href="/reservation/{cancelled.token}/"' in html
    assert f'href="/reservation/{cancelled.token}/annuler/"' not in html
    assert f'href="/liste-attente/{entry.token}/"' in html


def test_bookings_of_a_past_edition_are_not_listed(client, booking, deliver_emails):
    past_day = EditionDayFactory(
        edition=EditionFactory(year=2020, is_published=True),
        date=timezone.localdate() - timedelta(days=400),
        bookings_open_at=timezone.now() - timedelta(days=500),
    )
    old_slot = SlotFactory(day=past_day)
    old = old_slot.bookings.model.objects.create(
        slot=old_slot,
        party_size=1,
        name="Ana Lopez",
        email="ana@example.org",
        consent_at=timezone.now(),
    )

    html = open_list(client, deliver_emails).content.decode()

    assert booking.token in html
    assert old.token not in html


def test_a_wrong_address_is_explained_and_nothing_is_sent(client, booking):
    response = client.post("/mes-reservations/", {"email": "ana@"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "Enter a valid e-mail address" in response.content.decode()
    assert not BookingsLink.objects.exists()


def test_one_address_gets_a_few_links_an_hour_whoever_asks(booking, deliver_emails):
    statuses = [
        ask_link(Client(REMOTE_ADDR=f"10.0.0.{n}"), deliver_emails, "ana@example.org").status_code
        for n in range(5)
    ]

    assert statuses == [302, 302, 302, 429, 429]


def test_a_busy_address_must_solve_the_proof_of_work(client, settings, booking):
    settings.PROOF_FREE_POSTS = 0

    refused = client.post("/mes-reservations/", {"email": "ana@example.org"})

    assert refused.status_code == 200
    assert 'id="proof-challenge"' in refused.content.decode()
    assert not BookingsLink.objects.exists()


def test_links_are_unguessable_single_use_and_expire(booking):
    now = timezone.now()
    link = links.issue_link("ana@example.org", now)

    assert len(link.token) >= 40
    assert link.expires_at == now + timedelta(hours=links.LINK_HOURS)
    assert links.open_link(link.token, now) == "ana@example.org"
    assert links.open_link(link.token, now) is None
    late = links.issue_link("ana@example.org", now)
    assert links.open_link(late.token, now + timedelta(hours=links.LINK_HOURS)) is None
