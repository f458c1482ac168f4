"""The moderation queue and decisions: each organiser its region, hosts nowhere."""

import pytest

from usines.accounts.models import Role, User
from usines.factories.models import Participation, ParticipationStatus
from usines.testsupport import DepartmentFactory, RegionFactory, SlotFactory, place_commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def regional_world(slot):
    """A submitted site in Île-de-France beside the Auvergne-Rhône-Alpes ones."""
    idf = RegionFactory(code="11", name="Île-de-France")
    commune = place_commune("lyon")
    commune.department = DepartmentFactory(code="75", name="Paris", region=idf)
    commune.save()
    paris = SlotFactory(day=slot.day, visit__participation__site__commune=commune)
    participation = paris.visit.participation
    participation.status = ParticipationStatus.SUBMITTED
    participation.save()
    return participation


def test_regional_organisers_moderate_their_region_only(client, regional_world):
    lyon_organiser = User.objects.create_user(
        "ara@example.org", "ara@example.org", "pw", role=Role.ORGANISER, region_id="84"
    )
    national = User.objects.create_user(
        "nat@example.org", "n@example.org", "pw", role=Role.ORGANISER
    )

    client.force_login(lyon_organiser)
    assert client.get(f"/organisation/moderation/{regional_world.pk}/").status_code == 404
    assert (
        regional_world.site.name
        not in client.get("/organisation/moderation/?status=").content.decode()
    )

    client.force_login(national)
    response = client.post(
        f"/organisation/moderation/{regional_world.pk}/", {"decision": "decline", "message": ""}
    )
    assert "l’hôte doit savoir pourquoi" in response.content.decode()
    response = client.post(
        f"/organisation/moderation/{regional_world.pk}/", {"decision": "approve", "message": ""}
    )
    assert response.status_code == 302
    assert Participation.objects.get(pk=regional_world.pk).status == ParticipationStatus.APPROVED


def test_hosts_cannot_moderate(client, slot, regional_world):
    host = User.objects.create_user("h1@example.org", "h1@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(host)
    client.force_login(host)
    assert client.get("/organisation/moderation/").status_code == 404
    assert client.get(f"/organisation/moderation/{regional_world.pk}/").status_code == 404


def test_every_organiser_page_renders_for_a_national_organiser(client, regional_world):
    client.force_login(User.objects.create_user("n@e.org", "n@e.org", "pw", role=Role.ORGANISER))
    for url in (
        "/organisation/moderation/",
        f"/organisation/moderation/{regional_world.pk}/",
        "/organisation/presence/",
        "/organisation/tableau-de-bord/",
        "/organisation/recrutement/",
        "/organisation/representativite/",
        "/organisation/autocars/",
        "/organisation/etablissements/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<title>" in response.content.decode(), url
