import pytest

from usines.bookings.models import Booking, BookingStatus
from usines.bookings.services import Contact, book_visit

pytestmark = pytest.mark.django_db


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


def test_the_site_page_lists_slots_with_places_left(client, slot):
    page = client.get(f"/usine/{slot.visit.participation.site_id}/").content.decode()

    assert "10 places restantes" in page
    assert f"/creneau/{slot.pk}/reserver/" in page


def test_booking_from_the_form_redirects_to_the_ticket(client, slot):
    response = client.post(f"/creneau/{slot.pk}/reserver/", form_data(), follow=True)

    booking = Booking.objects.get()
    page = response.content.decode()
    assert booking.party_size == 2
    assert booking.checkin_code in page
    assert "<svg" in page


def test_a_double_submission_makes_one_booking(client, slot):
    client.post(f"/creneau/{slot.pk}/reserver/", form_data())
    client.post(f"/creneau/{slot.pk}/reserver/", form_data())

    slot.refresh_from_db()
    assert Booking.objects.count() == 1
    assert slot.booked == 2


def test_missing_fields_are_explained_and_nothing_is_booked(client, slot):
    response = client.post(
        f"/creneau/{slot.pk}/reserver/", form_data(name="", email="x", consent="")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Saisissez le nom sous lequel réserver." in page
    assert "Saisissez une adresse e-mail valide" in page
    assert "Cochez la case" in page
    assert not Booking.objects.exists()


def test_asking_for_more_than_is_left_says_so(client, slot):
    book_visit(slot.pk, 6, Contact("A", "a@example.org", "74300"))

    response = client.post(
        f"/creneau/{slot.pk}/reserver/",
        form_data(party_size="5"),
        headers={"accept-language": "en"},
    )

    page = response.content.decode()
    assert "Only 4 places are left on this slot" in page
    assert f'href="/creneau/{slot.pk}/liste-attente/?places=5"' in page
    assert not Booking.objects.filter(party_size=5).exists()


def test_the_private_link_changes_and_cancels_the_booking(client, slot):
    booking = book_visit(slot.pk, 2, Contact("A", "a@example.org", "74300")).booking

    client.post(f"/reservation/{booking.token}/modifier/", {"party_size": "4"})
    slot.refresh_from_db()
    assert slot.booked == 4

    client.post(f"/reservation/{booking.token}/annuler/")
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert slot.booked == 0


def test_the_calendar_file_describes_the_visit(client, slot):
    booking = book_visit(slot.pk, 2, Contact("A", "a@example.org", "74300")).booking

    response = client.get(f"/reservation/{booking.token}/visite.ics")

    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in body
    assert "Cluses" in body
    assert slot.starts_at.strftime("%Y%m%d") in body


def test_a_wrong_token_is_404(client, slot):
    assert client.get("/reservation/guessed-token/").status_code == 404


def test_a_full_slot_offers_the_waiting_list(client, slot):
    book_visit(slot.pk, 6, Contact("A", "a@example.org", "74300"))
    book_visit(slot.pk, 4, Contact("B", "b@example.org", "74300"))

    page = client.get(f"/usine/{slot.visit.participation.site_id}/").content.decode()
    response = client.post(f"/creneau/{slot.pk}/liste-attente/", form_data(), follow=True)

    assert f"/creneau/{slot.pk}/liste-attente/" in page
    assert "Rang dans la file\u00a0: 1." in response.content.decode()
