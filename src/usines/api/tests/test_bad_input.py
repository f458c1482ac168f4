"""Input a client could send by mistake or on purpose: always a JSON answer in the
documented shape, never a server error, nothing written."""

import pytest

from usines.bookings.models import Booking

HUGE = "9223372036854775808"  # one past the largest 64-bit integer


@pytest.fixture
def edition(slot):
    return slot.day.edition


def _error_shape(response) -> dict:
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "detail", "errors"}
    return body


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sites?page=184467440737095518",
        "/api/v1/sites?page=" + HUGE + "0",
        "/api/v1/sites?page=-1",
        f"/api/v1/sites/{HUGE}",
        f"/api/v1/sites/{HUGE}/slots",
        "/api/v1/sites?radius_km=" + HUGE,
        "/api/v1/sites?network=" + HUGE,
    ],
)
def test_numbers_beyond_64_bits_answer_a_clear_4xx(client, edition, url):
    response = client.get(url)

    assert 400 <= response.status_code < 500
    _error_shape(response)


def test_a_huge_id_on_the_factory_page_is_a_404(client, edition):
    assert client.get(f"/usine/{HUGE}/").status_code == 404


def test_an_unreadable_body_answers_json_and_books_nothing(client, edition):
    response = client.post("/api/v1/bookings", "{not json", content_type="application/json")

    assert response.status_code in (400, 422)
    _error_shape(response)
    assert not Booking.objects.exists()


def test_a_wrong_method_answers_json(client, edition):
    response = client.put("/api/v1/sites")

    assert response.status_code == 405
    _error_shape(response)


def test_a_boolean_is_not_a_number_of_places(client, slot):
    response = client.post(
        "/api/v1/bookings",
        {
            "slot": slot.pk,
            "party_size": True,
            "name": "Ana",
            "email": "ana@example.org",
            "postcode": "74300",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    assert "party_size" in _error_shape(response)["errors"]
    assert not Booking.objects.exists()


def test_a_slot_id_beyond_64_bits_is_invalid_input(client, slot):
    response = client.post(
        "/api/v1/bookings",
        {
            "slot": int(HUGE),
            "party_size": 1,
            "name": "Ana",
            "email": "ana@example.org",
            "postcode": "74300",
        },
        content_type="application/json",
    )

    assert response.status_code == 422
    _error_shape(response)


def test_a_name_with_a_control_character_is_refused_with_a_message(client, slot):
    response = client.post(
        "/api/v1/bookings",
        {
            "slot": slot.pk,
            "party_size": 1,
            "name": "Ana\x1bDupont",
            "email": "ana@example.org",
            "postcode": "74300",
            "consent": True,
        },
        content_type="application/json",
        headers={"accept-language": "en"},
    )

    assert response.status_code == 422
    assert "control characters" in _error_shape(response)["errors"]["name"][0]
    assert not Booking.objects.exists()
