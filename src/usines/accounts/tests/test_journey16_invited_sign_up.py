"""Someone invited to a role who has no account yet: the invitation's page leads to the
sign-up with the invited address, and the confirmation link brings them back to the
invitation once they log in, never to another site."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from usines.accounts.models import User
from usines.people import services as people

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    national = User.objects.create_superuser("admin@example.org", "admin@example.org", "pw")
    return people.invite_organiser(national, "new.organiser@example.org")


def sign_up(client, query: str, email: str = "new.organiser@example.org"):
    return client.post(
        f"/accounts/inscription/?{query}",
        {
            "role": "host",
            "first_name": "Nora",
            "last_name": "Martin",
            "email": email,
            "password": "une organisation solide",
        },
    )


def test_the_invitation_page_offers_the_sign_up_for_its_address_and_back(client, invitation):
    page = client.get(f"/invitation/{invitation.token}/").content.decode()

    link = re.search(r'href="(/accounts/inscription/\?[^"]+)"', page).group(1)
    query = parse_qs(urlparse(link.replace("&amp;", "&")).query)
    assert query == {
        "next": [f"/invitation/{invitation.token}/"],
        "email": ["new.organiser@example.org"],
    }
    response = client.get(link.replace("&amp;", "&"), HTTP_ACCEPT_LANGUAGE="en")
    form = response.context["form"]
    assert form["email"].value() == "new.organiser@example.org"
    # The invitation decides the role: there is none to choose.
    assert form["role"].field.widget.is_hidden and form["role"].value() == "host"
    assert "you come back to the invitation to accept it" in response.content.decode()


def test_the_invitation_page_says_the_log_in_comes_back_to_it(client, invitation):
    page = client.get(f"/invitation/{invitation.token}/", HTTP_ACCEPT_LANGUAGE="en")

    assert "once you log in, you come back here" in page.content.decode()


def test_a_sign_up_without_an_invitation_still_chooses_its_role(client):
    form = client.get("/accounts/inscription/?next=/hote/").context["form"]

    assert not form["role"].field.widget.is_hidden


def test_the_confirmation_leads_to_the_log_in_then_the_invitation(
    client, invitation, deliver_emails, settings
):
    settings.LANGUAGE_CODE = "en"
    back = f"/invitation/{invitation.token}/"
    with deliver_emails.capture():
        sign_up(client, f"next={back}")
    body = deliver_emails()[-1].body
    assert "you come back to the page you signed up from" in body
    link = re.search(r"http\S+/accounts/confirmer/\S+", body).group(0)

    response = client.get(urlparse(link).path + "?" + urlparse(link).query)

    assert response.status_code == 302
    login = urlparse(response["Location"])
    assert login.path == "/accounts/login/"
    assert parse_qs(login.query) == {"next": [back]}
    assert User.objects.get(username="new.organiser@example.org").is_active


@pytest.mark.parametrize("elsewhere", ["https://evil.example.com/", "//evil.example.com/x"])
def test_another_site_is_never_where_the_confirmation_leads(
    client, deliver_emails, settings, elsewhere
):
    settings.LANGUAGE_CODE = "en"
    with deliver_emails.capture():
        sign_up(client, f"next={elsewhere}", email="nora@example.org")
    body = deliver_emails()[-1].body
    assert "start registering your site" in body
    link = re.search(r"http\S+/accounts/confirmer/\S+", body).group(0)
    assert "evil" not in link

    response = client.get(urlparse(link).path + f"?next={elsewhere}")

    assert parse_qs(urlparse(response["Location"]).query) == {"next": ["/hote/"]}
