"""Moderating several sites at once: each is decided on its own, and the page says
which were done and why the others were not."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone, translation

from usines.accounts.models import Role, User
from usines.factories import moderation
from usines.factories.exceptions import MessageRequired
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
)
from usines.testsupport import EditionFactory, RegionFactory, SiteFactory, VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def national(db):
    return User.objects.create_user("n@example.org", "n@example.org", "pw", role=Role.ORGANISER)


def _participation(edition, name: str, status: str) -> Participation:
    return VisitFactory(
        participation__edition=edition,
        participation__site=SiteFactory(name=name),
        participation__status=status,
        participation__submitted_at=timezone.now(),
    ).participation


@pytest.fixture
def queue(db):
    """Two submitted sites and one already approved."""
    edition = EditionFactory()
    return [
        _participation(edition, "Forges A", ParticipationStatus.SUBMITTED),
        _participation(edition, "Forges B", ParticipationStatus.SUBMITTED),
        _participation(edition, "Forges C", ParticipationStatus.APPROVED),
    ]


def _statuses(participations) -> list[str]:
    return [Participation.objects.get(pk=p.pk).status for p in participations]


def test_approving_a_selection_approves_what_may_be_and_says_why_not_the_rest(
    client, national, queue
):
    client.force_login(national)

    response = client.post(
        "/organisation/moderation/lot/",
        {
            "participations": [p.pk for p in queue],
            "decision": ParticipationAction.APPROVED,
            "query": "status=submitted",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 302
    assert response["Location"] == "/organisation/moderation/?status=submitted"
    assert _statuses(queue) == [ParticipationStatus.APPROVED] * 3
    assert (
        ParticipationEvent.objects.filter(
            action=ParticipationAction.APPROVED, actor=national
        ).count()
        == 2
    )
    notes = [str(message) for message in get_messages(response.wsgi_request)]
    assert notes[0] == "2 sites approved: Forges A, Forges B."
    assert notes[1].startswith("Forges C (Approved): not done.")


def test_asking_for_changes_needs_one_message_sent_to_every_host(client, national, queue):
    client.force_login(national)
    selection = [p.pk for p in queue[:2]]

    client.post(
        "/organisation/moderation/lot/",
        {"participations": selection, "decision": ParticipationAction.CHANGES_REQUESTED},
    )
    assert _statuses(queue[:2]) == [ParticipationStatus.SUBMITTED] * 2

    client.post(
        "/organisation/moderation/lot/",
        {
            "participations": selection,
            "decision": ParticipationAction.CHANGES_REQUESTED,
            "message": "Ajoutez une photo de l'atelier.",
        },
    )
    assert _statuses(queue[:2]) == [ParticipationStatus.DRAFT] * 2
    assert set(
        ParticipationEvent.objects.filter(action=ParticipationAction.CHANGES_REQUESTED).values_list(
            "message", flat=True
        )
    ) == {"Ajoutez une photo de l'atelier."}


def test_the_service_decides_each_participation_on_its_own(national, queue):
    outcome = moderation.decide_many(
        queue, national, ParticipationAction.CHANGES_REQUESTED, "Précisez l'accès."
    )

    assert [p.site.name for p in outcome.done] == ["Forges A", "Forges B"]
    assert [r.participation.site.name for r in outcome.refused] == ["Forges C"]
    assert _statuses(queue) == [ParticipationStatus.DRAFT] * 2 + [ParticipationStatus.APPROVED]
    with pytest.raises(MessageRequired):
        moderation.decide_many(queue, national, ParticipationAction.CHANGES_REQUESTED, " ")


def test_a_regional_organiser_cannot_decide_for_another_region(client, queue):
    RegionFactory(code="11", name="Île-de-France")
    paris = User.objects.create_user(
        "idf@example.org", "idf@example.org", "pw", role=Role.ORGANISER, region_id="11"
    )
    client.force_login(paris)

    client.post(
        "/organisation/moderation/lot/",
        {"participations": [queue[0].pk], "decision": ParticipationAction.APPROVED},
    )

    assert _statuses(queue[:1]) == [ParticipationStatus.SUBMITTED]


def test_the_moderation_page_offers_the_selection(client, national, queue):
    client.force_login(national)

    page = client.get("/organisation/moderation/").content.decode()

    assert f'name="participations" value="{queue[0].pk}"' in page
    assert 'action="/organisation/moderation/lot/"' in page
