"""Sign-up pages: a wrong confirmation link, the teacher's sign-up."""

import pytest

from usines.accounts.models import Role, User

pytestmark = pytest.mark.django_db


def test_a_wrong_confirmation_link_activates_nothing(client):
    response = client.get("/accounts/confirmer/not-a-token/", follow=True)
    assert "erroné, a expiré ou a déjà servi" in response.content.decode()


def test_a_teacher_signs_up_as_a_teacher(client):
    form = client.get("/accounts/inscription/?role=enseignant").context["form"]
    assert form["role"].value() == Role.TEACHER
    client.post(
        "/accounts/inscription/",
        {
            "role": "teacher",
            "first_name": "Paul",
            "last_name": "Bert",
            "email": "paul.bert@example.org",
            "password": "une classe curieuse",
        },
    )
    assert User.objects.get(username="paul.bert@example.org").role == Role.TEACHER
