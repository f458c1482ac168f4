"""Withdrawing a role: only within the organiser's scope, recorded with who and when, and
the pages it opened close."""

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.outreach.models import Network, Relay
from usines.people import services
from usines.people.models import Invitation, RoleWithdrawal
from usines.reference.models import Department
from usines.testsupport import (
    DepartmentFactory,
    EditionFactory,
    RegionFactory,
    SiteFactory,
    place_commune,
)

pytestmark = pytest.mark.django_db


def person(email: str, role: str = Role.VISITOR, **fields) -> User:
    return User.objects.create_user(
        email, email, "pw", role=role, email_confirmed_at=timezone.now(), **fields
    )


@pytest.fixture
def national():
    return person("national@example.org", Role.ORGANISER)


def test_a_national_organiser_withdraws_a_regional_one_and_it_is_recorded(national):
    place_commune("cluses")
    regional = person("aura@example.org", Role.ORGANISER, region_id="84", is_staff=True)
    pending = services.invite_host(regional, SiteFactory(), "h@example.org")

    services.withdraw_organiser(national, regional)

    regional.refresh_from_db()
    assert (regional.role, regional.region_id, regional.is_staff) == (Role.VISITOR, None, False)
    record = RoleWithdrawal.objects.get()
    assert (record.user, record.role, record.region_id) == (regional, "organiser", "84")
    assert record.withdrawn_by == national and record.withdrawn_at is not None
    assert not Invitation.objects.open().filter(pk=pending.pk).exists()


def test_a_regional_organiser_cannot_withdraw_an_organiser_nor_anyone_its_own(national):
    place_commune("cluses")
    regional = person("aura@example.org", Role.ORGANISER, region_id="84")

    with pytest.raises(services.NotInScope):
        services.withdraw_organiser(regional, national)
    with pytest.raises(services.PeopleError):
        services.withdraw_organiser(national, national)
    assert not RoleWithdrawal.objects.exists()


def test_a_host_is_withdrawn_from_a_site_of_the_organiser_s_region_only(national):
    site = SiteFactory(commune=place_commune("cluses"))
    host = person("host@example.org", Role.HOST)
    site.team.add(host)
    DepartmentFactory(code="75", name="Paris", region=RegionFactory(code="11", name="IDF"))
    elsewhere = person("idf@example.org", Role.ORGANISER, region_id="11")

    with pytest.raises(services.NotInScope):
        services.withdraw_host(elsewhere, site, host)
    assert host in site.team.all()

    services.withdraw_host(national, site, host)
    assert host not in site.team.all()
    assert RoleWithdrawal.objects.get().site == site


def test_a_withdrawn_relay_no_longer_reaches_its_prospects(client, national):
    EditionFactory()
    place_commune("cluses")
    network = Network.objects.create(name="Réseau")
    user = person("relais@example.org", Role.RELAY)
    relay = Relay.objects.create(user=user, network=network)
    relay.departments.set(Department.objects.filter(code="74"))
    client.force_login(user)
    assert client.get("/relais/").status_code == 200

    services.withdraw_relay(national, relay)

    assert client.get("/relais/").status_code == 404
    record = RoleWithdrawal.objects.get()
    assert (record.network, record.territory) == (network, "Haute-Savoie (74)")
    user.refresh_from_db()
    assert user.role == Role.VISITOR
