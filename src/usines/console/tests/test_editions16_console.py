"""The editions' pages: national organisers set editions up, regional ones read them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.editions.models import Audience, Edition, PhaseKind, Target, TargetMetric
from usines.testsupport import EditionDayFactory, EditionFactory, RegionFactory, SlotFactory

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


@pytest.fixture
def national(client):
    user = User.objects.create_user("nat@example.org", "nat@example.org", "pw",
                                    role=Role.ORGANISER)  # fmt: skip
    client.force_login(user)
    return user


@pytest.fixture
def regional(client):
    RegionFactory()
    user = User.objects.create_user("ara@example.org", "ara@example.org", "pw",
                                    role=Role.ORGANISER, region_id="84")  # fmt: skip
    client.force_login(user)
    return user


@pytest.fixture
def day():
    return EditionDayFactory(edition__name="JUO 2027", edition__year=2027)


def edition_data(**changes) -> dict:
    data = {
        "name": "Journées Usines Ouvertes 2028",
        "year": "2028",
        "tagline": "Poussez les portes.",
        "max_party_size": "6",
        "max_class_size": "40",
        "max_places_per_email_per_slot": "6",
        "max_bookings_per_email_per_day": "3",
    }
    return {**data, **changes}


def days_data(*days: dict, initial: int = 0) -> dict:
    data = {
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": str(initial),
        "days-MIN_NUM_FORMS": "1",
        "days-MAX_NUM_FORMS": "1000",
    }
    for n, day in enumerate(days):
        data.update({f"days-{n}-{name}": value for name, value in day.items()})
    return data


SCHOOL_DAY = {
    "date": "2028-03-17",
    "audience": "school",
    "bookings_open_at": "2028-01-10T09:00",
    "bookings_close_at": "2028-03-15T18:00",
}
PUBLIC_DAY = {
    "date": "2028-03-18",
    "audience": "public",
    "bookings_open_at": "2028-02-14T09:00",
    "bookings_close_at": "2028-03-17T18:00",
}


def test_a_national_organiser_creates_an_edition_with_its_days(client, national):
    response = client.post(
        "/organisation/editions/nouvelle/",
        {**edition_data(), **days_data(SCHOOL_DAY, PUBLIC_DAY, {"date": "", "audience": ""})},
    )

    edition = Edition.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/organisation/editions/{edition.pk}/phases/"
    assert (edition.name, edition.year, edition.is_published) == (
        "Journées Usines Ouvertes 2028", 2028, False)  # fmt: skip
    assert [(day.date.isoformat(), day.audience) for day in edition.days.all()] == [
        ("2028-03-17", Audience.SCHOOL), ("2028-03-18", Audience.PUBLIC)]  # fmt: skip
    assert set(edition.phases.values_list("kind", flat=True)) == set(PhaseKind.values)


def test_an_edition_sent_empty_says_what_to_fix(client, national):
    response = client.post("/organisation/editions/nouvelle/", days_data({"date": ""}), headers=EN)

    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert not Edition.objects.exists()


def test_a_day_closing_before_it_opens_is_refused_in_words(client, national):
    late = {**SCHOOL_DAY, "bookings_close_at": "2028-01-01T09:00"}

    response = client.post("/organisation/editions/nouvelle/",
                           {**edition_data(), **days_data(late)}, headers=EN)  # fmt: skip

    assert "Bookings must close after they open." in response.content.decode()
    assert not Edition.objects.exists()


def test_editing_renames_the_edition_and_adds_a_day(client, national, day):
    existing = {
        "id": str(day.pk),
        "date": day.date.isoformat(),
        "audience": day.audience,
        "bookings_open_at": timezone.localtime(day.bookings_open_at).strftime("%Y-%m-%dT%H:%M"),
        "bookings_close_at": timezone.localtime(day.bookings_close_at).strftime("%Y-%m-%dT%H:%M"),
    }
    school = {**SCHOOL_DAY, "date": (day.date - timedelta(days=1)).isoformat()}

    response = client.post(
        f"/organisation/editions/{day.edition_id}/modifier/",
        {
            **edition_data(name="JUO 2027 bis", year="2027"),
            **days_data(existing, school, initial=1),
        },
    )

    assert response.status_code == 302
    edition = Edition.objects.get(pk=day.edition_id)
    assert edition.name == "JUO 2027 bis"
    assert list(edition.days.values_list("audience", flat=True)) == ["school", "public"]


def test_a_day_with_slots_keeps_its_date_and_the_page_says_why(client, national, day):
    SlotFactory(day=day)
    moved = {
        "id": str(day.pk),
        "date": (day.date + timedelta(days=1)).isoformat(),
        "audience": day.audience,
        "bookings_open_at": "2026-01-10T09:00",
        "bookings_close_at": "2026-12-01T18:00",
    }

    response = client.post(
        f"/organisation/editions/{day.edition_id}/modifier/",
        {**edition_data(year="2027"), **days_data(moved, initial=1)},
        headers=EN,
    )

    assert "has slots: its date and audience stay." in response.content.decode()
    day.refresh_from_db()
    assert day.edition.name == "JUO 2027"
    assert day.date == timezone.localdate() + timedelta(days=30)


def test_the_phases_page_saves_the_phases_and_refuses_half_of_one(client, national, day):
    url = f"/organisation/editions/{day.edition_id}/phases/"
    today = timezone.localdate()

    half = client.post(url, {"closing_starts_on": today.isoformat()}, headers=EN)
    assert "Give both days, or neither to have no such phase." in half.content.decode()

    last = today + timedelta(days=3)
    response = client.post(
        url,
        {"registration_starts_on": today.isoformat(), "registration_ends_on": last.isoformat()},
    )
    assert response.status_code == 302
    assert list(day.edition.phases.values_list("kind", "starts_on", "ends_on")) == [
        (PhaseKind.REGISTRATION, today, today + timedelta(days=3))
    ]


def test_the_targets_page_saves_national_and_regional_targets(client, national, day):
    RegionFactory()

    response = client.post(f"/organisation/editions/{day.edition_id}/objectifs/",
                           {"fr_factories": "400", "84_visitors": "12000"})  # fmt: skip

    assert response.status_code == 302
    assert sorted(Target.objects.values_list("region_id", "metric", "value"), key=str) == [
        ("84", TargetMetric.VISITORS, 12000), (None, TargetMetric.FACTORIES, 400)]  # fmt: skip
    page = client.get(f"/organisation/editions/{day.edition_id}/", headers=EN).content.decode()
    assert "12,000" in page and "400" in page


def test_next_edition_is_prepared_from_the_page_as_a_draft(client, national, day):
    response = client.post(f"/organisation/editions/{day.edition_id}/suivante/")

    copy = Edition.objects.get(year=2028)
    assert response["Location"] == f"/organisation/editions/{copy.pk}/"
    assert not copy.is_published
    assert copy.days.get().date.weekday() == day.date.weekday()


def test_inviting_last_years_hosts_from_the_page_says_how_many(client, national, day):
    EditionFactory(year=2026)

    response = client.post(f"/organisation/editions/{day.edition_id}/inviter-les-hotes/",
                           headers=EN, follow=True)  # fmt: skip

    assert "0 sites of last year are invited to take part again." in response.content.decode()


def test_regional_organisers_read_the_editions_and_change_nothing(client, regional, day):
    edition = day.edition
    listing = client.get("/organisation/editions/", headers=EN)
    detail = client.get(f"/organisation/editions/{edition.pk}/", headers=EN)

    assert listing.status_code == detail.status_code == 200
    assert "JUO 2027" in listing.content.decode()
    assert f"/organisation/editions/{edition.pk}/modifier/" not in detail.content.decode()
    assert "/organisation/editions/nouvelle/" not in listing.content.decode()
    for url in ("nouvelle/", f"{edition.pk}/modifier/", f"{edition.pk}/phases/",
                f"{edition.pk}/objectifs/"):  # fmt: skip
        assert client.get(f"/organisation/editions/{url}").status_code == 403
    assert client.post(f"/organisation/editions/{edition.pk}/suivante/").status_code == 403
    response = client.post(f"/organisation/editions/{edition.pk}/modifier/", edition_data())
    assert response.status_code == 403
    assert Edition.objects.get().name == "JUO 2027"


def test_hosts_do_not_reach_the_editions(client, day):
    client.force_login(User.objects.create_user("h@example.org", "h@example.org", "pw",
                                                role=Role.HOST))  # fmt: skip

    assert client.get("/organisation/editions/").status_code == 404
    assert client.get(f"/organisation/editions/{day.edition_id}/").status_code == 404
    assert client.get("/organisation/editions/nouvelle/").status_code == 404
