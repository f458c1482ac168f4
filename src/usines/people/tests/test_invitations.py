"""Invitations to a role: e-mailed, bound to the invited (confirmed) address, single-use,
expiring, and only within the inviter's scope."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.outreach.models import Network, Relay
from usines.people import services
from usines.people.models import Invitation
from usines.reference.models import Department
from usines.testsupport import DepartmentFactory, RegionFactory, SiteFactory, place_commune

pytestmark = pytest.mark.django_db


def person(email: str, role: str = Role.VISITOR, confirmed: bool = True, **fields) -> User:
    return User.objects.create_user(
        email,
        email,
        "pw",
        role=role,
        email_confirmed_at=timezone.now() if confirmed else None,
        **fields,
    )


@pytest.fixture
def national():
    return person("national@example.org", Role.ORGANISER)


@pytest.fixture
def idf():
    """Île-de-France (region 11) with Paris, and its regional organiser."""
    DepartmentFactory(code="75", name="Paris", region=RegionFactory(code="11", name="IDF"))
    return person("idf@example.org", Role.ORGANISER, region_id="11")


def test_the_invitation_is_emailed_and_makes_a_regional_organiser(national, deliver_emails):
    region = place_commune("cluses").department.region
    with deliver_emails.capture():
        invitation = services.invite_organiser(national, "Nouvelle@Example.org", region)
    outbox = deliver_emails()
    assert outbox[-1].to == ["nouvelle@example.org"]
    assert f"/invitation/{invitation.token}/" in outbox[-1].body
    invited = person("nouvelle@example.org")

    services.accept_invitation(invitation.token, invited)

    invited.refresh_from_db()
    assert (invited.role, invited.region_id) == (Role.ORGANISER, "84")


def test_an_invitation_works_once(national):
    invitation = services.invite_organiser(national, "orga@example.org")
    invited = person("orga@example.org")
    services.accept_invitation(invitation.token, invited)

    with pytest.raises(services.InvitationNotOpen):
        services.accept_invitation(invitation.token, invited)
    invitation.refresh_from_db()
    assert invitation.accepted_by == invited


def test_an_expired_invitation_grants_nothing(national):
    invitation = services.invite_organiser(national, "orga@example.org")
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    invited = person("orga@example.org")

    with pytest.raises(services.InvitationNotOpen):
        services.accept_invitation(invitation.token, invited)
    invited.refresh_from_db()
    assert invited.role == Role.VISITOR


def test_expiry_is_seven_days(national):
    invitation = services.invite_organiser(national, "orga@example.org")
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)


def test_another_address_is_refused_and_the_invitation_stays_open(national):
    invitation = services.invite_organiser(national, "orga@example.org")
    stranger = person("stranger@example.org")

    with pytest.raises(services.InvitationNotYours) as refused:
        services.accept_invitation(invitation.token, stranger)

    assert "orga@example.org" in str(refused.value.message)
    stranger.refresh_from_db()
    assert stranger.role == Role.VISITOR
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_address_not_confirmed_is_refused(national):
    invitation = services.invite_organiser(national, "orga@example.org")
    unconfirmed = person("orga@example.org", confirmed=False)

    with pytest.raises(services.AddressNotConfirmed):
        services.accept_invitation(invitation.token, unconfirmed)
    assert Invitation.objects.get().accepted_at is None


def test_only_a_national_organiser_invites_organisers(idf):
    with pytest.raises(services.NotInScope):
        services.invite_organiser(idf, "orga@example.org")
    assert not Invitation.objects.exists()


def test_a_regional_organiser_invites_relays_in_its_region_only(idf):
    network = Network.objects.create(name="Réseau")
    place_commune("cluses")  # Haute-Savoie, region 84

    with pytest.raises(services.NotInScope):
        services.invite_relay(idf, network, "r@example.org", region=RegionFactory(code="84"))
    with pytest.raises(services.NotInScope):
        services.invite_relay(
            idf, network, "r@example.org", departments=Department.objects.filter(code="74")
        )
    invitation = services.invite_relay(
        idf, network, "r@example.org", departments=Department.objects.filter(code="75")
    )
    assert list(invitation.departments.values_list("code", flat=True)) == ["75"]


def test_a_regional_organiser_invites_hosts_to_its_region_s_sites_only(idf, national):
    site_84 = SiteFactory(commune=place_commune("cluses"))

    with pytest.raises(services.NotInScope):
        services.invite_host(idf, site_84, "h@example.org")
    assert services.invite_host(national, site_84, "h@example.org").site == site_84


def test_a_host_invites_to_its_own_site_only():
    host = person("host@example.org", Role.HOST)
    mine, other = SiteFactory(), SiteFactory(siret="73282932000074")
    mine.team.add(host)

    with pytest.raises(services.NotInScope):
        services.invite_host(host, other, "colleague@example.org")
    invitation = services.invite_host(host, mine, "colleague@example.org")
    colleague = person("colleague@example.org")
    services.accept_invitation(invitation.token, colleague)

    assert list(mine.team.order_by("email")) == [colleague, host]
    colleague.refresh_from_db()
    assert colleague.role == Role.HOST


def test_a_relay_invitation_attaches_the_network_and_its_region(national):
    network = Network.objects.create(name="Réseau")
    place_commune("cluses")
    place_commune("lyon")
    invitation = services.invite_relay(
        national, network, "relais@example.org", region=RegionFactory(code="84")
    )
    signed_up_as_host = person("relais@example.org", Role.HOST)

    services.accept_invitation(invitation.token, signed_up_as_host)

    relay = Relay.objects.get(user=signed_up_as_host)
    assert relay.network == network
    assert set(relay.departments.values_list("code", flat=True)) == {"69", "74"}
    signed_up_as_host.refresh_from_db()
    assert signed_up_as_host.role == Role.RELAY


def test_an_organiser_cannot_become_a_relay(national, idf):
    network = Network.objects.create(name="Réseau")
    invitation = services.invite_relay(
        national, network, idf.email, departments=Department.objects.filter(code="75")
    )

    with pytest.raises(services.RoleConflict):
        services.accept_invitation(invitation.token, idf)
    assert not Relay.objects.exists()
