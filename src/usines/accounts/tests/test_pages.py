"""Account pages: a wrong confirmation link, the teacher's sign-up, a forgotten password."""

import re
from urllib.parse import urlparse

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


def test_a_forgotten_password_is_reset_by_a_link_that_works_once(client, deliver_emails):
    User.objects.create_user("ana@example.org", "ana@example.org", "an old pass phrase")
    with deliver_emails.capture():
        response = client.post("/accounts/mot-de-passe/", {"email": "ana@example.org"})
    assert response["Location"] == "/accounts/mot-de-passe/envoye/"
    body = deliver_emails()[-1].body
    link = re.search(r"http\S+/accounts/mot-de-passe/\S+/\S+/", body).group(0)
    form_page = client.get(urlparse(link).path, follow=True)
    new = {"new_password1": "a brand new pass phrase", "new_password2": "a brand new pass phrase"}

    done = client.post(form_page.redirect_chain[-1][0], new, follow=True)

    assert "Votre nouveau mot de passe est enregistré." in done.content.decode()
    assert client.login(username="ana@example.org", password="a brand new pass phrase")
    again = client.get(urlparse(link).path, follow=True)
    assert "a expiré ou a déjà servi" in again.content.decode()


def test_asking_a_reset_for_an_unknown_address_says_the_same_and_sends_nothing(
    client, deliver_emails, db
):
    with deliver_emails.capture():
        response = client.post("/accounts/mot-de-passe/", {"email": "nobody@example.org"})

    assert response["Location"] == "/accounts/mot-de-passe/envoye/"
    assert deliver_emails() == []
