"""A host sets its own visit to ballot mode; nobody else's."""

import pytest
from django.utils import timezone

from usines.accounts.models import Role
from usines.ballots.models import Ballot

pytestmark = pytest.mark.django_db


def moment(days: int) -> str:
    return (timezone.localtime() + timezone.timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def host(slot, django_user_model):
    user = django_user_model.objects.create_user("h", "h@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(user)
    return user


def setup_data(slot, **fields):
    data = {
        "covers": str(slot.visit.pk),
        "audience": "public",
        "opens_at": moment(0),
        "closes_at": moment(3),
        "max_choices": 3,
    }
    data.update(fields)
    return data


def test_a_host_sets_its_visit_to_ballot_mode(client, slot, host):
    client.force_login(host)
    site = slot.visit.participation.site_id
    response = client.post(f"/hote/site/{site}/tirage/", setup_data(slot))
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert ballot.visit_id == slot.visit_id and ballot.max_choices == 3
    assert client.get(f"/creneau/{slot.pk}/reserver/")["Location"].startswith(
        f"/tirage/{ballot.pk}/"
    )


def test_a_wrong_window_or_number_of_choices_is_explained(client, slot, host):
    client.force_login(host)
    client.cookies["django_language"] = "en"
    site = slot.visit.participation.site_id
    wrong = setup_data(slot, closes_at=moment(-1), max_choices=9)
    page = client.post(f"/hote/site/{site}/tirage/", wrong).content.decode()
    assert "The entries must close after they open." in page
    assert "less than or equal to 5" in page
    assert not Ballot.objects.exists()


def test_another_host_cannot_reach_the_page(client, slot, django_user_model):
    other = django_user_model.objects.create_user("o", "o@example.org", "pw", role=Role.HOST)
    client.force_login(other)
    site = slot.visit.participation.site_id
    assert client.post(f"/hote/site/{site}/tirage/", setup_data(slot)).status_code == 404
    assert not Ballot.objects.exists()
