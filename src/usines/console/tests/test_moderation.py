"""The moderation queue and decisions: each organiser its region, hosts nowhere."""

import pytest

from usines.accounts.models import Role, User
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
)
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


def _site_form(site, **changes) -> dict:
    data = {
        "name": site.name,
        "address": site.address,
        "headcount_band": site.headcount_band,
        "products": site.products,
        "summary": site.summary,
        "description": site.description,
        "latitude": site.latitude,
        "longitude": site.longitude,
    }
    return {**data, **changes}


def test_a_change_to_a_published_visit_is_live_and_shown_side_by_side(client, slot):
    site = slot.visit.participation.site
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    site.team.add(host)
    before = site.description
    client.force_login(host)

    client.post(
        f"/hote/site/{site.pk}/modifier/", _site_form(site, description="Visite gratuite !")
    )

    site.refresh_from_db()
    assert site.description == "Visite gratuite !"  # live at once
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    client.force_login(organiser)
    assert "1 modification" in client.get("/organisation/moderation/").content.decode()
    page = client.get("/organisation/modifications/").content.decode()
    assert before in page and "Visite gratuite !" in page
    event = ParticipationEvent.objects.get(action=ParticipationAction.EDITED)
    client.post(f"/organisation/modifications/{event.pk}/vu/")
    assert "Visite gratuite" not in client.get("/organisation/modifications/").content.decode()
    event.refresh_from_db()
    assert event.reviewed_by == organiser


def test_a_draft_is_edited_freely_and_another_region_sees_nothing(client, slot, regional_world):
    participation = regional_world
    participation.status = ParticipationStatus.DRAFT
    participation.save()
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    participation.site.team.add(host)
    client.force_login(host)
    client.post(
        f"/hote/site/{participation.site_id}/modifier/",
        _site_form(participation.site, description="Brouillon"),
    )
    assert not ParticipationEvent.objects.filter(action=ParticipationAction.EDITED).exists()

    published = slot.visit.participation.site
    published.team.add(host)
    client.post(f"/hote/site/{published.pk}/modifier/", _site_form(published, name="Nouveau nom"))
    idf = User.objects.create_user(
        "idf@example.org", "idf@example.org", "pw", role=Role.ORGANISER, region_id="11"
    )
    client.force_login(idf)
    assert "Nouveau nom" not in client.get("/organisation/modifications/").content.decode()
