"""The check-in page as a host uses it at the gate: name search, the day's rule and
its confirmation, undo, and only the days and walk-ins the site really has."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.bookings.checkin import record_walk_ins
from usines.bookings.models import Booking, WalkIn
from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience, EditionDay
from usines.testsupport import EditionDayFactory, SlotFactory

pytestmark = pytest.mark.django_db
ONE_DAY = timedelta(days=1)


@pytest.fixture
def gate(client, slot):
    """A host logged in (in English) on its site, where Chloé Dupré booked 3 places."""
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    site = slot.visit.participation.site
    site.team.add(host)
    booking = book_visit(slot.pk, 3, Contact("Chloé Dupré", "chloe@example.org", "74300")).booking
    book_visit(slot.pk, 2, Contact("Adam Petit", "adam@example.org", "74300"))
    client.force_login(host)
    client.cookies["django_language"] = "en"
    return {
        "slot": slot,
        "day": slot.day,
        "booking": booking,
        "page": f"/hote/site/{site.pk}/accueil/{slot.day_id}/",
        "site": site,
    }


@pytest.fixture
def on_the_day(gate):
    EditionDay.objects.filter(pk=gate["day"].pk).update(date=timezone.localdate())
    gate["day"].refresh_from_db()
    return gate


def api(client, gate, endpoint: str, body: dict):
    return client.post(f"{gate['page']}api/{endpoint}", body, "application/json")


# --- Name search ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["chloe", "CHLOE", "Chloé", "dupre"])
def test_the_name_search_ignores_case_and_accents(client, gate, typed):
    page = client.get(gate["page"], {"q": typed}).content.decode()

    assert gate["booking"].checkin_code in page
    assert "Adam Petit" not in page.split('id="search-results"')[1].split("</ul>")[0]


def test_the_page_carries_the_days_bookings_for_the_offline_search(client, gate):
    roster = client.get(gate["page"]).context["roster"]

    assert [entry["name"] for entry in roster] == ["Adam Petit", "Chloé Dupré"]
    assert roster[1]["code"] == gate["booking"].checkin_code
    assert roster[1]["detail"].startswith("3 places")


# --- The date rule, and the host's confirmation ----------------------------------------


def test_before_the_day_a_ticket_is_refused_and_the_host_may_confirm_it(client, gate):
    code = gate["booking"].checkin_code

    refused = api(client, gate, "checkin", {"code": code}).json()
    assert refused["outcome"] == "not_today"
    assert "today is" in refused["message"]
    assert refused["force"] == {"kind": "checkin", "code": code}
    assert refused["counts"]["arrived"] == 0

    forced = api(client, gate, "checkin", {"code": code, "force": True}).json()
    assert forced["outcome"] == "welcome"
    assert forced["counts"]["arrived"] == 3


def test_without_javascript_the_refusal_offers_a_confirmation_form(client, gate):
    code = gate["booking"].checkin_code

    page = client.post(gate["page"] + "code/", {"code": code}, follow=True).content.decode()
    assert "Not recorded" in page and "Check in anyway" in page
    assert 'name="force" value="1"' in page
    assert Booking.objects.get(pk=gate["booking"].pk).checked_in_at is None

    page = client.post(
        gate["page"] + "code/", {"code": code, "force": "1"}, follow=True
    ).content.decode()
    assert "Welcome! 3 places" in page
    assert Booking.objects.get(pk=gate["booking"].pk).checked_in_at is not None


def test_the_page_warns_when_today_is_not_its_day(client, gate):
    assert 'id="not-today"' in client.get(gate["page"]).content.decode()
    EditionDay.objects.filter(pk=gate["day"].pk).update(date=timezone.localdate())
    assert 'id="not-today"' not in client.get(gate["page"]).content.decode()


def test_walk_ins_before_the_day_are_refused_then_recorded_when_confirmed(client, gate):
    body = {"category": "adult", "count": 4, "client_key": "phone-key-0001"}

    refused = api(client, gate, "walkins", body)
    assert refused.status_code == 409
    assert refused.json()["force"]["client_key"] == "phone-key-0001"
    assert not WalkIn.objects.exists()

    recorded = api(client, gate, "walkins", {**body, "force": True})
    assert recorded.status_code == 200
    assert recorded.json()["counts"]["walk_ins"] == 4


def test_a_queued_action_sent_the_day_after_counts_for_its_day(client, gate):
    yesterday = timezone.localdate() - timedelta(days=1)
    EditionDay.objects.filter(pk=gate["day"].pk).update(date=yesterday)
    at = datetime.combine(yesterday, time(22), timezone.get_current_timezone())

    answer = api(
        client, gate, "checkin", {"code": gate["booking"].checkin_code, "at": at.isoformat()}
    ).json()

    assert answer["outcome"] == "welcome"


@pytest.mark.parametrize("at", ["yesterday", 12, None, "2099-01-01T00:00:00Z", ["x"]])
def test_a_moment_that_is_no_moment_is_ignored(client, on_the_day, at):
    answer = api(
        client, on_the_day, "checkin", {"code": on_the_day["booking"].checkin_code, "at": at}
    )

    assert answer.status_code == 200
    assert answer.json()["outcome"] == "welcome"


# --- Undo --------------------------------------------------------------------------


def test_a_check_in_offers_undo_which_takes_it_back(client, on_the_day):
    code = on_the_day["booking"].checkin_code

    welcome = api(client, on_the_day, "checkin", {"code": code}).json()
    assert welcome["undo"] == {"kind": "checkin", "code": code}
    undone = api(client, on_the_day, "undo", welcome["undo"]).json()

    assert undone["outcome"] == "undone"
    assert undone["counts"]["arrived"] == 0
    assert Booking.objects.get(pk=on_the_day["booking"].pk).checked_in_at is None


def test_a_walk_in_offers_undo_which_removes_it(client, on_the_day):
    recorded = api(
        client, on_the_day, "walkins", {"category": "child", "count": 2, "client_key": "k" * 12}
    ).json()
    assert recorded["undo"] == {"kind": "walkin", "client_key": "k" * 12}

    undone = api(client, on_the_day, "undo", recorded["undo"]).json()

    assert undone["outcome"] == "undone"
    assert undone["counts"]["walk_ins"] == 0
    assert not WalkIn.objects.exists()


def test_undo_without_javascript_from_the_list_of_latest_arrivals(client, on_the_day):
    code = on_the_day["booking"].checkin_code
    client.post(on_the_day["page"] + "code/", {"code": code})
    page = client.get(on_the_day["page"]).content.decode()
    latest = page.split('id="latest"')[1].split("</ul>")[0]
    assert "Chloé Dupré" in latest and "Undo" in latest

    page = client.post(
        on_the_day["page"] + "annuler/", {"kind": "checkin", "code": code}, follow=True
    ).content.decode()

    assert "Arrival undone" in page
    assert Booking.objects.get(pk=on_the_day["booking"].pk).checked_in_at is None


def test_a_walk_in_replaces_the_last_check_ins_banner(client, on_the_day):
    client.post(on_the_day["page"] + "code/", {"code": on_the_day["booking"].checkin_code})
    client.post(
        on_the_day["page"] + "sans-reservation/",
        {"category": "adult", "count": "4", "client_key": "phone-key-0002"},
    )

    page = client.get(on_the_day["page"])

    assert page.context["result"]["outcome"] == "walk_in"
    assert "4 walk-ins recorded: Adults." in page.content.decode()
    assert "Welcome!" not in page.content.decode()
    assert 'value="phone-key-0002"' in page.content.decode()  # its undo form


def test_undo_nonsense_is_a_plain_answer(client, on_the_day):
    for body in ({}, {"kind": "walkin"}, {"kind": "checkin", "code": 12}, {"kind": ["x"]}):
        assert api(client, on_the_day, "undo", body).status_code == 200
    assert client.post(on_the_day["page"] + "annuler/", {}).status_code == 302


def test_another_host_cannot_undo(client, on_the_day):
    record_walk_ins(
        on_the_day["slot"].visit.participation, on_the_day["day"], "adult", 3, "key-abc", None
    )
    other = User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.HOST)
    SlotFactory(day=on_the_day["day"]).visit.participation.site.team.add(other)
    client.force_login(other)

    response = api(client, on_the_day, "undo", {"kind": "walkin", "client_key": "key-abc"})

    assert response.status_code == 404
    assert WalkIn.objects.count() == 1


# --- The days and audiences the site really has --------------------------------------


def test_a_public_day_offers_adults_and_children_only(client, gate):
    categories = [value for value, _label in client.get(gate["page"]).context["categories"]]

    assert categories == ["adult", "child"]


def test_a_school_day_offers_pupils_and_teachers_only(client, gate):
    school_day = EditionDayFactory(
        edition=gate["day"].edition, audience=Audience.SCHOOL, date=gate["day"].date - ONE_DAY
    )
    SlotFactory(visit=gate["slot"].visit, day=school_day, capacity=60)

    page = client.get(f"/hote/site/{gate['site'].pk}/accueil/{school_day.pk}/")

    assert [value for value, _label in page.context["categories"]] == ["pupil", "teacher"]


def test_a_day_without_slots_of_this_visit_has_no_check_in_page(client, gate):
    other_day = EditionDayFactory(
        edition=gate["day"].edition, audience=Audience.SCHOOL, date=gate["day"].date - ONE_DAY
    )

    assert client.get(f"/hote/site/{gate['site'].pk}/accueil/{other_day.pk}/").status_code == 404


def test_the_site_page_offers_check_in_only_for_the_visits_days(client, gate):
    empty_day = EditionDayFactory(
        edition=gate["day"].edition, audience=Audience.SCHOOL, date=gate["day"].date - ONE_DAY
    )

    page = client.get(f"/hote/site/{gate['site'].pk}/").content.decode()

    assert f"/accueil/{gate['day'].pk}/" in page
    assert f"/accueil/{empty_day.pk}/" not in page


def test_without_javascript_walk_ins_before_the_day_ask_for_confirmation(client, gate):
    form = {"category": "adult", "count": "3", "client_key": "phone-key-0003"}

    page = client.post(gate["page"] + "sans-reservation/", form, follow=True).content.decode()
    assert "Record anyway" in page and 'value="phone-key-0003"' in page
    assert not WalkIn.objects.exists()

    client.post(gate["page"] + "sans-reservation/", {**form, "force": "1"})
    assert WalkIn.objects.get().count == 3
