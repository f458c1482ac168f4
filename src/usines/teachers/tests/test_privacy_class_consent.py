"""A teacher agrees, on the class form, to how the class's data are kept; no pupil's
e-mail is ever asked for."""

import pytest

from usines.bookings import consent
from usines.bookings.models import Booking
from usines.schools.models import ClassGroup
from usines.teachers.forms import ClassForm

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def class_form(**fields) -> dict:
    return {
        "level": "2de", "track": "general", "pupils": "28", "girls": "13", "adults": "2",
        "idempotency_key": "privacy-class-0001", "action": "book", **fields,
    }  # fmt: skip


def test_the_class_form_asks_the_teacher_s_consent(client, school_slot, teacher):
    client.force_login(teacher)

    html = client.get(f"/enseignant/creneau/{school_slot.pk}/", **EN).content.decode()

    assert 'type="checkbox" name="consent"' in html
    assert "no pupil's e-mail or account is asked for" in html.replace("&#x27;", "'")
    assert 'href="/donnees-personnelles/#classes"' in html


def test_a_class_is_not_booked_without_the_teacher_s_consent(client, school_slot, teacher):
    client.force_login(teacher)

    response = client.post(f"/enseignant/creneau/{school_slot.pk}/", class_form(), **EN)

    assert "Tick the box to accept how the class" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_class_booked_with_consent_keeps_the_class_text_s_version(client, school_slot, teacher):
    client.force_login(teacher)

    client.post(f"/enseignant/creneau/{school_slot.pk}/", class_form(consent="on"))

    booking = Booking.objects.get()
    assert booking.consent_version == consent.CLASS
    assert booking.email == teacher.email


def test_no_field_of_a_class_holds_a_pupil_s_e_mail():
    fields = {field.name for field in ClassGroup._meta.concrete_fields}
    form_fields = set(ClassForm.base_fields)

    assert not [name for name in fields | form_fields if "mail" in name]
