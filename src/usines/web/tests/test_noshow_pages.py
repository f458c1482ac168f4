"""The visitor's side of empty places on the day: the release rule said at booking,
the short-notice waiting list and its page, the one-click answers to a reminder."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.bookings import release
from usines.bookings.models import BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import Contact, book_visit
from usines.editions.models import EditionDay
from usines.factories.models import Slot

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def form_data(**overrides):
    return {
        "party_size": "2",
        "name": "Alice Martin",
        "email": "alice@example.org",
        "postcode": "74300",
        "consent": "on",
        "idempotency_key": "form-key-000001",
        **overrides,
    }


def test_the_booking_page_and_ticket_say_when_places_are_released(client, slot):
    release.set_release_minutes(slot, 10)

    page = client.get(f"/creneau/{slot.pk}/reserver/", **EN).content.decode()
    client.post(f"/creneau/{slot.pk}/reserver/", form_data())
    booking = slot.bookings.get()
    ticket = client.get(f"/reservation/{booking.token}/", **EN).content.decode()

    for text in (page, ticket):
        assert 'id="release-rule"' in text
        assert "Not checked in by 10:10" in text


def test_no_release_time_no_warning(client, slot):
    page = client.get(f"/creneau/{slot.pk}/reserver/", **EN).content.decode()

    assert 'id="release-rule"' not in page


def test_joining_the_waiting_list_at_short_notice(client, slot):
    book_visit(slot.pk, 6, Contact("A", "a@example.org"))
    book_visit(slot.pk, 4, Contact("B", "b@example.org"))

    form = client.get(f"/creneau/{slot.pk}/liste-attente/").content.decode()
    client.post(f"/creneau/{slot.pk}/liste-attente/", form_data(short_notice="on"))

    assert 'name="short_notice"' in form
    assert WaitlistEntry.objects.get().short_notice


def test_the_short_notice_page_refreshes_on_the_day_and_says_when_to_come(client, slot):
    book_visit(slot.pk, 6, Contact("A", "a@example.org"))
    book_visit(slot.pk, 4, Contact("B", "b@example.org"))
    client.post(f"/creneau/{slot.pk}/liste-attente/", form_data(short_notice="on"))
    entry = WaitlistEntry.objects.get()
    before = client.get(f"/liste-attente/{entry.token}/", **EN).content.decode()
    now = timezone.now()
    EditionDay.objects.filter(pk=slot.day_id).update(date=timezone.localdate(now))
    Slot.objects.filter(pk=slot.pk).update(starts_at=now - timedelta(minutes=20))
    release.set_release_minutes(slot, 10)

    waiting = client.get(f"/liste-attente/{entry.token}/", **EN).content.decode()
    release.release_due_places()
    offered = client.get(f"/liste-attente/{entry.token}/", **EN).content.decode()

    assert 'http-equiv="refresh"' not in before
    assert 'http-equiv="refresh"' in waiting
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED
    assert "places are yours: come to the gate before" in offered
    assert f'action="/liste-attente/{entry.token}/accepter/"' not in offered


@pytest.fixture
def booking(slot):
    return book_visit(slot.pk, 2, Contact("Ana", "ana@example.org")).booking


def test_the_still_coming_link_changes_nothing_until_the_button_is_pressed(client, booking):
    url = f"/reservation/{booking.token}/je-viens/"

    page = client.get(url, **EN)
    booking.refresh_from_db()
    assert page.status_code == 200 and booking.reconfirmed_at is None
    assert 'method="post"' in page.content.decode()

    client.post(url)
    booking.refresh_from_db()
    assert booking.reconfirmed_at is not None and booking.status == BookingStatus.CONFIRMED


def test_the_cant_come_link_cancels_only_on_post(client, booking):
    url = f"/reservation/{booking.token}/je-ne-viens-pas/"

    client.get(url)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED

    response = client.post(url, follow=True)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert response.redirect_chain[-1][0] == f"/reservation/{booking.token}/"


def test_answering_a_cancelled_booking_says_so_without_error(client, booking):
    client.post(f"/reservation/{booking.token}/je-ne-viens-pas/")

    response = client.post(f"/reservation/{booking.token}/je-viens/", follow=True)

    assert response.status_code == 200
    booking.refresh_from_db()
    assert booking.reconfirmed_at is None


def test_a_wrong_answer_token_is_404(client, db):
    assert client.get("/reservation/nope/je-viens/").status_code == 404
    assert client.post("/reservation/nope/je-ne-viens-pas/").status_code == 404
