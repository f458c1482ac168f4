"""What the ticket tells a visitor on the way: where to meet and how to get there, on
the booking page, the printable ticket and the confirmation e-mail."""

import pytest
from django.http import HttpResponse
from django.template.loader import render_to_string

from usines.bookings.services import Contact, book_visit, cancel_booking

pytestmark = pytest.mark.django_db

DIRECTIONS = "https://www.openstreetmap.org/directions?to=46.06000%2C6.57000"


@pytest.fixture
def booking(slot):
    slot.visit.meeting_point = "Gate 3, north car park"
    slot.visit.parking = "Visitors' car park, 50 m"
    slot.visit.save()
    return book_visit(slot.pk, 2, Contact("Ana Lopez", "ana@example.org", "74300", "en")).booking


def test_the_booking_page_shows_the_meeting_point_and_the_way_there(client, booking):
    page = client.get(f"/reservation/{booking.token}/", HTTP_ACCEPT_LANGUAGE="en")

    html = page.content.decode()
    assert "Gate 3, north car park" in html
    assert f'href="{DIRECTIONS}"' in html
    assert 'href="geo:46.06000,6.57000?q=46.06000,6.57000(' in html
    assert f'href="/reservation/{booking.token}/billet.pdf"' in html
    assert 'href="/mes-reservations/"' in html


def test_the_printable_ticket_is_a_pdf_with_the_check_in_code(client, booking):
    response = client.get(f"/reservation/{booking.token}/billet.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"billet-{booking.checkin_code}.pdf" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]


def test_the_printed_ticket_holds_the_meeting_point_and_the_directions(
    client, booking, monkeypatch
):
    printed = {}

    def print_html(template, context, filename):
        printed["html"] = render_to_string(template, context)
        return HttpResponse()

    monkeypatch.setattr("usines.web.views.pdf_response", print_html)
    client.get(f"/reservation/{booking.token}/billet.pdf")

    html = printed["html"]
    assert "Gate 3, north car park" in html
    assert DIRECTIONS in html
    assert booking.checkin_code in html
    assert "<svg" in html


def test_a_cancelled_booking_has_no_printable_ticket(client, booking):
    cancel_booking(booking.token)

    response = client.get(f"/reservation/{booking.token}/billet.pdf")

    assert response.status_code == 302
    assert response["Location"] == f"/reservation/{booking.token}/"


def test_the_confirmation_e_mail_gives_the_meeting_point_and_the_way_there(slot, deliver_emails):
    slot.visit.meeting_point = "Gate 3, north car park"
    slot.visit.save()
    with deliver_emails.capture():
        book_visit(slot.pk, 2, Contact("Ana Lopez", "ana@example.org", "74300", "en"))
    (message,) = deliver_emails()

    html = message.alternatives[0][0]
    for part in (message.body, html):
        assert "Meeting point" in part
        assert "Gate 3, north car park" in part
        assert "/mes-reservations/" in part
    assert DIRECTIONS in message.body
    assert f'href="{DIRECTIONS}"' in html


def test_every_page_links_to_my_bookings_in_its_footer(client, slot):
    page = client.get(f"/usine/{slot.visit.participation.site_id}/").content.decode()

    assert 'href="/mes-reservations/"' in page


def test_a_cancellation_e_mail_gives_no_way_to_a_visit_that_will_not_happen(
    slot, booking, deliver_emails
):
    with deliver_emails.capture():
        cancel_booking(booking.token)
    message = deliver_emails()[-1]

    assert "Gate 3, north car park" not in message.body
    assert DIRECTIONS not in message.alternatives[0][0]
