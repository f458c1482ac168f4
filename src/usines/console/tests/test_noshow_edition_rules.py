"""The edition's rules against empty places: national organisers set them, with
reasons for what does not fit."""

import pytest

from usines.accounts.models import Role, User
from usines.editions.models import Edition
from usines.testsupport import EditionFactory, RegionFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def rules(**changes) -> dict:
    data = {
        "release_after_minutes": "10",
        "short_notice_minutes": "15",
        "first_reminder_days": "7",
        "second_reminder_days": "1",
        "release_unconfirmed": "on",
        "reconfirm_hours": "12",
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


@pytest.fixture
def edition():
    return EditionFactory()


def log_in(client, **fields):
    user = User.objects.create_user("o@example.org", "o@example.org", "pw", **fields)
    client.force_login(user)


def test_a_national_organiser_sets_the_rules(client, edition):
    log_in(client, role=Role.ORGANISER)
    url = f"/organisation/editions/{edition.pk}/places-vides/"

    form = client.get(url, **EN).content.decode()
    response = client.post(url, rules())

    assert 'name="release_after_minutes"' in form
    assert response.status_code == 302
    edition.refresh_from_db()
    assert edition.release_after_minutes == 10 and edition.release_unconfirmed


def test_defaults_are_no_release_and_reminders_a_week_and_a_day_before(edition):
    assert edition.release_after_minutes is None
    assert (edition.first_reminder_days, edition.second_reminder_days) == (7, 1)
    assert not edition.release_unconfirmed


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"second_reminder_days": "9"}, "second_reminder_days"),
        ({"first_reminder_days": "0", "second_reminder_days": "0"}, "release_unconfirmed"),
        ({"release_after_minutes": "-5"}, "release_after_minutes"),
        ({"short_notice_minutes": "1"}, "short_notice_minutes"),
        ({"reconfirm_hours": "abc"}, "reconfirm_hours"),
    ],
)
def test_what_does_not_fit_is_explained_and_nothing_saved(client, edition, changes, field):
    log_in(client, role=Role.ORGANISER)

    response = client.post(f"/organisation/editions/{edition.pk}/places-vides/", rules(**changes))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Edition.objects.get(pk=edition.pk).release_after_minutes is None


def test_a_regional_organiser_may_not_change_them(client, edition):
    RegionFactory()
    log_in(client, role=Role.ORGANISER, region_id="84")

    response = client.post(f"/organisation/editions/{edition.pk}/places-vides/", rules())

    assert response.status_code == 403
