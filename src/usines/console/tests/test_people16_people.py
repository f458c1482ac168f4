"""The organisers' People and partner-network pages: who holds which role, inviting,
withdrawing; a regional organiser sees and acts in its region only."""

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.outreach.models import Network, Relay
from usines.people.models import Invitation, RoleWithdrawal
from usines.reference.models import Department
from usines.testsupport import DepartmentFactory, RegionFactory, SiteFactory, place_commune

pytestmark = pytest.mark.django_db


def person(email: str, role: str = Role.VISITOR, **fields) -> User:
    return User.objects.create_user(
        email, email, "pw", role=role, email_confirmed_at=timezone.now(), **fields
    )


@pytest.fixture
def world():
    """A national organiser; region 84 (Cluses) with its organiser, a site and its host;
    region 11 (Paris) with its organiser and a relay."""
    site = SiteFactory(commune=place_commune("cluses"), name="Décolletage du Giffre")
    host = person("host.giffre@example.org", Role.HOST)
    site.team.add(host)
    DepartmentFactory(code="75", name="Paris", region=RegionFactory(code="11", name="IDF"))
    relay_user = person("relais.paris@example.org", Role.RELAY)
    relay = Relay.objects.create(user=relay_user, network=Network.objects.create(name="Alumni"))
    relay.departments.set(Department.objects.filter(code="75"))
    return {
        "national": person("national@example.org", Role.ORGANISER),
        "aura": person("orga.aura@example.org", Role.ORGANISER, region_id="84"),
        "idf": person("orga.idf@example.org", Role.ORGANISER, region_id="11"),
        "site": site,
        "host": host,
        "relay": relay,
    }


def test_the_people_page_lists_each_role_with_its_scope(client, world):
    client.force_login(world["national"])

    organisers = client.get("/organisation/personnes/").content.decode()
    hosts = client.get("/organisation/personnes/?role=host").content.decode()
    relays = client.get("/organisation/personnes/?role=relay").content.decode()

    assert "orga.aura@example.org</td><td>Auvergne-Rhône-Alpes" in organisers
    assert "orga.idf@example.org</td><td>IDF" in organisers
    assert "Décolletage du Giffre" in hosts and "host.giffre@example.org" in hosts
    assert "relais.paris@example.org" in relays and "Alumni" in relays and ">75<" in relays


def test_a_regional_organiser_sees_its_region_only(client, world):
    client.force_login(world["idf"])

    hosts = client.get("/organisation/personnes/?role=host&region=84").content.decode()
    relays = client.get("/organisation/personnes/?role=relay").content.decode()
    organisers = client.get("/organisation/personnes/").content.decode()

    assert "host.giffre@example.org" not in hosts
    assert "relais.paris@example.org" in relays
    assert "orga.aura@example.org" not in organisers
    assert client.get("/organisation/personnes/inviter-organisateur/").status_code == 404


def test_withdrawing_a_host_is_recorded_and_shown(client, world):
    site, host = world["site"], world["host"]
    client.force_login(world["idf"])
    url = f"/organisation/personnes/site/{site.pk}/hote/{host.pk}/retirer/"
    assert client.post(url).status_code == 404

    client.force_login(world["aura"])
    response = client.post(url)

    assert response.status_code == 302
    assert host not in site.team.all()
    record = RoleWithdrawal.objects.get()
    assert (record.withdrawn_by, record.site) == (world["aura"], site)
    page = client.get(response["Location"]).content.decode()
    assert 'id="withdrawals"' in page and "orga.aura@example.org" in page


def test_only_a_national_organiser_withdraws_an_organiser(client, world):
    aura = world["aura"]
    client.force_login(world["idf"])
    assert (
        client.post(f"/organisation/personnes/organisateur/{aura.pk}/retirer/").status_code == 404
    )

    client.force_login(world["national"])
    client.post(f"/organisation/personnes/organisateur/{aura.pk}/retirer/")

    aura.refresh_from_db()
    assert aura.role == Role.VISITOR
    assert RoleWithdrawal.objects.get().withdrawn_by == world["national"]


def test_inviting_a_host_by_siret_within_the_region(client, world):
    site = world["site"]
    client.force_login(world["idf"])
    response = client.post(
        "/organisation/personnes/inviter-hote/",
        {"email": "new.host@example.org", "siret": site.siret},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (
        "No registered site with this SIRET among the sites you reach." in response.content.decode()
    )

    client.force_login(world["aura"])
    client.post(
        "/organisation/personnes/inviter-hote/",
        {"email": "new.host@example.org", "siret": site.siret},
    )

    invitation = Invitation.objects.get()
    assert (invitation.site, invitation.email, invitation.invited_by) == (
        site, "new.host@example.org", world["aura"],
    )  # fmt: skip
    page = client.get("/organisation/personnes/").content.decode()
    assert 'id="invitations"' in page and "new.host@example.org" in page


def test_organisers_create_and_rename_a_network(client, world):
    client.force_login(world["aura"])

    response = client.post("/organisation/reseaux/", {"name": "Fédération des forges"})
    network = Network.objects.get(name="Fédération des forges")
    assert response["Location"] == f"/organisation/reseaux/{network.pk}/"
    client.post(f"/organisation/reseaux/{network.pk}/", {"name": "Fédération des forgerons"})
    network.refresh_from_db()
    assert network.name == "Fédération des forgerons"
    duplicate = client.post("/organisation/reseaux/", {"name": "Alumni"})
    assert duplicate.status_code == 200 and Network.objects.count() == 2
