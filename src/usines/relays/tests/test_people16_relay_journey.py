"""A real relay, from the organiser's invitation to its prospect list: no demo script."""

import re

import pytest

from usines.accounts import services as accounts
from usines.accounts.models import Role, User
from usines.outreach.models import Network
from usines.testsupport import EditionFactory, place_commune, prospect

pytestmark = pytest.mark.django_db
PASSWORD = "un mot de passe solide 42"


def test_an_invited_relay_signs_up_and_sees_its_territory_s_prospects(client, deliver_emails):
    edition = EditionFactory()
    network = Network.objects.create(name="Réseau des anciens")
    place_commune("cluses")
    mine = prospect(network, "cluses", company="Forges du Giffre", edition=edition)
    prospect(network, "lyon", company="Robinetterie lyonnaise", edition=edition)
    organiser = User.objects.create_user("orga@example.org", "orga@example.org", "pw",
                                         role=Role.ORGANISER)  # fmt: skip
    client.force_login(organiser)
    with deliver_emails.capture():
        response = client.post(
            "/organisation/personnes/inviter-relais/",
            {"email": "Relais@Example.org", "network": network.pk, "departments": ["74"]},
        )
    assert response.status_code == 302
    link = re.search(r"/invitation/[\w-]+/", deliver_emails()[-1].body).group()
    client.logout()

    # The relay has no account yet: it signs up with the invited address and confirms it.
    user = accounts.sign_up("relais@example.org", PASSWORD, "Rémi", "Relais", Role.HOST)
    assert accounts.confirm_email(accounts.confirmation_token(user)) is not None
    assert client.login(username="relais@example.org", password=PASSWORD)
    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Réseau des anciens" in page and "Haute-Savoie (74)" in page
    assert "Accept the invitation" in page

    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == "/relais/"
    page = client.get("/relais/").content.decode()
    assert "Forges du Giffre" in page
    assert "Robinetterie lyonnaise" not in page
    assert client.get(f"/relais/prospect/{mine.pk}/").status_code == 200
    user.refresh_from_db()
    assert user.role == Role.RELAY
    # The link was used: a second click grants nothing more and says so.
    assert client.post(link).status_code == 302
    assert "/invitation/" in client.post(link)["Location"]


def test_the_invitation_page_refuses_another_account_in_words(client):
    network = Network.objects.create(name="Réseau")
    place_commune("cluses")
    organiser = User.objects.create_user("orga@example.org", "orga@example.org", "pw",
                                         role=Role.ORGANISER)  # fmt: skip
    client.force_login(organiser)
    client.post(
        "/organisation/personnes/inviter-relais/",
        {"email": "relais@example.org", "network": network.pk, "departments": ["74"]},
    )
    link = f"/invitation/{network.invitations.get().token}/"
    other = User.objects.create_user("autre@example.org", "autre@example.org", "pw")
    client.force_login(other)

    page = client.get(link, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert 'id="invitation-refusal"' in page
    assert "sent to relais@example.org and you are logged in as autre@example.org" in page
    assert "Accept the invitation" not in page
    client.post(link)
    assert not network.relays.exists()
