"""A visitor sees, downloads and deletes their data from their booking's link or from
"My bookings"; the public booking form asks their consent and their age."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings import consent
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.testsupport import SlotFactory, assert_counters_match_rows
from usines.web.my_bookings import SESSION_KEY

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def book(slot, name: str, email: str, places: int = 2) -> Booking:
    return book_visit(slot.pk, places, Contact(name, email, "74300")).booking


def open_my_bookings(client, email: str) -> None:
    """What opening the e-mailed link leaves in the browser's session."""
    session = client.session
    until = (timezone.now() + timedelta(hours=1)).timestamp()
    session[SESSION_KEY] = {"email": email, "until": until}
    session.save()


def test_the_booking_s_copy_holds_its_data_and_no_one_else_s(client, slot):
    ana = book(slot, "Ana Lopez", "ana@example.org")
    book(slot, "Ana Autre", "ana@example.org", 1)  # her other booking: not on this link
    book(slot, "Bob Martin", "bob@example.org")

    copy = client.get(f"/reservation/{ana.token}/donnees/?format=json", **EN)

    data = json.loads(copy.content)
    assert copy["Content-Disposition"].startswith("attachment")
    assert [(b["name"], b["email"], b["places"]) for b in data["bookings"]] == [
        ("Ana Lopez", "ana@example.org", 2)
    ]
    assert data["bookings"][0]["check_in_code"] == ana.checkin_code
    assert "Bob" not in copy.content.decode()


def test_the_readable_copy_shows_the_data_and_the_text_agreed_to(client, slot):
    ana = book_visit(
        slot.pk, 2, Contact("Ana Lopez", "ana@example.org", "74300", "fr", consent.VISITOR)
    ).booking

    html = client.get(f"/reservation/{ana.token}/donnees/", **EN).content.decode()

    assert "Ana Lopez" in html and "ana@example.org" in html
    assert "I am 15 or over" in html
    assert f'href="/reservation/{ana.token}/supprimer/"' in html


def test_my_bookings_copy_holds_every_booking_and_list_of_the_address_only(client, slot):
    full = SlotFactory(capacity=1)
    book(full, "Zoé Pleine", "zoe@example.org", 1)
    book(slot, "Ana Lopez", "ana@example.org")
    book(SlotFactory(), "Ana Lopez", "ANA@example.org".lower(), 1)
    join_waitlist(full.pk, 1, Contact("Ana Lopez", "ana@example.org"))
    book(slot, "Bob Martin", "bob@example.org")
    open_my_bookings(client, "ana@example.org")

    data = json.loads(client.get("/mes-reservations/donnees/?format=json", **EN).content)

    assert len(data["bookings"]) == 2 and len(data["waiting_lists"]) == 1
    emails = {item["email"] for item in data["bookings"] + data["waiting_lists"]}
    assert emails == {"ana@example.org"}


def test_my_data_without_the_e_mailed_link_sends_to_the_request_page(client, slot):
    book(slot, "Ana Lopez", "ana@example.org")

    response = client.get("/mes-reservations/donnees/")

    assert response["Location"] == "/mes-reservations/"
    assert client.post("/mes-reservations/supprimer/").status_code == 302
    assert Booking.objects.get().email == "ana@example.org"


def test_deleting_asks_first_then_frees_the_places_and_says_what_was_deleted(client):
    slot = SlotFactory(capacity=3)
    ana = book(slot, "Ana Lopez", "ana@example.org", 3)
    join_waitlist(slot.pk, 2, Contact("Carl Attente", "carl@example.org"))

    confirm = client.get(f"/reservation/{ana.token}/supprimer/", **EN)
    assert "Ana Lopez" in confirm.content.decode()
    assert Booking.objects.get(pk=ana.pk).email == "ana@example.org"  # nothing yet

    done = client.post(f"/reservation/{ana.token}/supprimer/", **EN)

    html = done.content.decode()
    ana.refresh_from_db()
    slot.refresh_from_db()
    assert "1 booking to come cancelled" in html
    assert "1 booking no longer holds your name" in html
    assert ana.status == BookingStatus.CANCELLED
    assert (ana.name, ana.email, ana.search_name, ana.idempotency_key) == ("", "", "", None)
    assert ana.postcode == "74" and ana.anonymised_at is not None
    assert (slot.booked, slot.held) == (2, 2)  # Ana's 3 freed, 2 held for the waiting list
    assert WaitlistEntry.objects.get().status == WaitlistStatus.OFFERED
    assert_counters_match_rows(slot)
    assert client.get(f"/reservation/{ana.token}/donnees/").status_code == 404


def test_deleting_from_my_bookings_leaves_no_personal_data_and_keeps_a_past_visit_s_count(
    client, slot
):
    coming = book(slot, "Ana Lopez", "ana@example.org")
    past = book(SlotFactory(), "Ana Lopez", "ana@example.org", 1)
    Booking.objects.filter(pk=past.pk).update(checked_in_at=timezone.now())
    past.slot.starts_at = timezone.now() - timedelta(days=2)
    past.slot.ends_at = past.slot.starts_at + timedelta(hours=1)
    past.slot.save()
    full = SlotFactory(capacity=1)
    book(full, "Zoé Pleine", "zoe@example.org", 1)
    join_waitlist(full.pk, 1, Contact("Ana Lopez", "ana@example.org"))
    bob = book(slot, "Bob Martin", "bob@example.org")
    open_my_bookings(client, "ana@example.org")

    client.post("/mes-reservations/supprimer/", **EN)

    assert not Booking.objects.filter(email="ana@example.org").exists()
    assert not Booking.objects.filter(name__icontains="ana").exists()
    assert not WaitlistEntry.objects.filter(email="ana@example.org").exists()
    coming.refresh_from_db()
    past.refresh_from_db()
    assert coming.status == BookingStatus.CANCELLED
    assert past.status == BookingStatus.CONFIRMED and past.checked_in_at is not None
    assert past.party_size == 1
    assert Booking.objects.get(pk=bob.pk).email == "bob@example.org"
    assert SESSION_KEY not in client.session


def test_the_booking_page_and_my_bookings_link_to_my_data(client, slot):
    ana = book(slot, "Ana Lopez", "ana@example.org")
    open_my_bookings(client, "ana@example.org")

    assert (
        f'href="/reservation/{ana.token}/donnees/"'
        in client.get(f"/reservation/{ana.token}/").content.decode()
    )
    assert (
        'href="/mes-reservations/donnees/"'
        in client.get("/mes-reservations/liste/").content.decode()
    )


def test_the_booking_form_says_under_15s_are_booked_by_a_parent_or_teacher(client, slot):
    html = client.get(f"/creneau/{slot.pk}/reserver/", **EN).content.decode()

    assert "I am 15 or over (a child under 15 is booked by a parent or a teacher)" in html
    assert 'name="consent"' in html


def test_a_booking_from_the_form_keeps_the_version_of_the_text_agreed_to(client, slot):
    client.post(
        f"/creneau/{slot.pk}/reserver/",
        {"party_size": "1", "name": "Ana Lopez", "email": "ana@example.org",
         "postcode": "74300", "consent": "on", "idempotency_key": "privacy-key-0001"},
    )  # fmt: skip

    assert Booking.objects.get().consent_version == consent.VISITOR


def test_a_booking_without_consent_is_refused(client, slot):
    response = client.post(
        f"/creneau/{slot.pk}/reserver/",
        {"party_size": "1", "name": "Ana Lopez", "email": "ana@example.org",
         "postcode": "74300", "idempotency_key": "privacy-key-0002"},
        **EN,
    )  # fmt: skip

    assert "Tick the box to accept how your data is used." in response.content.decode()
    assert not Booking.objects.exists()
