"""The hosts' pages say until when registration is open, and the invitation's link
lets a returning host take part again with last time's visit and slots."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from usines.accounts.models import Role, User
from usines.editions import services as editions
from usines.editions.models import PhaseKind
from usines.factories.models import Participation, ParticipationStatus
from usines.testsupport import EditionDayFactory, SlotFactory

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def host(client, slot):
    user = User.objects.create_user("host@example.org", "host@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(user)
    client.force_login(user)
    return user


def registration(edition, first_day: int, last_day: int) -> None:
    today = timezone.localdate()
    editions.set_phases(
        edition,
        {PhaseKind.REGISTRATION: (today + timedelta(days=first_day),
                                  today + timedelta(days=last_day))},
    )  # fmt: skip


def test_the_hosts_page_says_when_registration_closes(client, host, slot):
    registration(slot.day.edition, -10, 12)
    with override("en"):
        closes = date_format(timezone.localdate() + timedelta(days=12), "l j F Y")

    page = client.get("/hote/", headers=EN).content.decode()

    assert f"Registration closes on {closes}." in page


def test_the_hosts_pages_say_when_registration_is_closed(client, host, slot):
    registration(slot.day.edition, -30, -1)

    home = client.get("/hote/", headers=EN).content.decode()
    assert "Registration is closed." in home
    # No button to a registration that would be refused (the menu still names the page).
    assert 'class="button" href="/hote/site/nouveau/"' not in home
    page = client.get("/hote/site/nouveau/", headers=EN).content.decode()
    assert "Registration is closed." in page


@pytest.fixture
def next_edition(slot):
    """Next year's edition, published, its registration open; the slot's site is last
    year's."""
    edition = editions.prepare_next_edition(slot.day.edition)
    edition.is_published = True
    edition.save()
    registration(edition, 0, 30)
    return edition


def test_the_invitation_link_shows_what_is_copied_and_changes_nothing(client, host, slot,
                                                                      next_edition):  # fmt: skip
    site = slot.visit.participation.site

    page = client.get(f"/hote/site/{site.pk}/reprendre/{next_edition.pk}/", headers=EN)

    assert page.status_code == 200
    assert "Its 1 slot moves to the new days" in page.content.decode()
    assert not Participation.objects.filter(edition=next_edition).exists()


def test_the_invitation_link_makes_a_draft_with_the_slots_when_the_host_confirms(
    client, host, slot, next_edition
):
    site = slot.visit.participation.site

    response = client.post(f"/hote/site/{site.pk}/reprendre/{next_edition.pk}/")

    participation = Participation.objects.get(edition=next_edition)
    assert response.status_code == 302
    assert participation.status == ParticipationStatus.DRAFT
    assert participation.visit.slots.get().day == next_edition.days.get()


def test_another_hosts_site_is_not_reachable_from_a_link(client, host, next_edition):
    other = SlotFactory(day=EditionDayFactory()).visit.participation.site

    assert client.get(f"/hote/site/{other.pk}/reprendre/{next_edition.pk}/").status_code == 404
