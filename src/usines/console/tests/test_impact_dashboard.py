"""The organisers' impact dashboard: scope, figures with their intervals, hidden
groups, exports, and the impact section of the results report."""

from io import BytesIO

import pytest
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.surveys.models import Moment, SurveyAudience
from usines.surveys.tests.impact_support import answer
from usines.testsupport import (
    CommuneFactory,
    DepartmentFactory,
    EditionDayFactory,
    RegionFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC, PUPILS = SurveyAudience.PUBLIC, SurveyAudience.PUPILS
BEFORE, AFTER = Moment.BEFORE, Moment.AFTER
SCEPTICAL = {"certainly": 4, "probably": 6, "probably_not": 6, "certainly_not": 4}
CONVINCED = {"certainly": 10, "probably": 6, "probably_not": 2, "certainly_not": 2}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def answered():
    """20 answers before and 20 after at Cluses (region 84), 12 after in Paris
    (region 11); returns the two slots."""
    cluses = SlotFactory(day=EditionDayFactory(audience=Audience.PUBLIC), capacity=50)
    region = RegionFactory(code="11", name="Île-de-France")
    paris = CommuneFactory(
        insee_code="75056", name="Paris", search_name="paris",
        department=DepartmentFactory(code="75", name="Paris", region=region),
    )  # fmt: skip
    paris_slot = SlotFactory(day=cluses.day, visit__participation__site__commune=paris)
    edition = cluses.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=cluses)
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=cluses)
    answer(edition, PUBLIC, AFTER, {"certainly": 12}, slot=paris_slot)
    return cluses, paris_slot


def organiser(region_id: str | None = None) -> User:
    name = f"o{region_id or ''}@example.org"
    return User.objects.create_user(name, name, "pw", role=Role.ORGANISER, region_id=region_id)


def audience_rows(response):
    return [(r.label, r.before, r.after) for r in response.context["shifts"][0][2]]


def test_a_national_organiser_sees_every_answer_and_the_shift(client, answered):
    client.force_login(organiser())

    response = client.get("/organisation/impact/", **ENGLISH)

    assert response.status_code == 200
    assert audience_rows(response) == [("General public", 20, 32), ("Total", 20, 32)]
    html = response.content.decode()
    assert "<caption" in html and 'scope="row"' in html and 'scope="col"' in html
    assert 'id="impact-headline"' in html
    assert "How these figures are computed" in html


def test_a_regional_organiser_sees_only_the_answers_about_its_region(client, answered):
    client.force_login(organiser("11"))

    response = client.get("/organisation/impact/?region=84", **ENGLISH)

    assert audience_rows(response) == [("General public", 0, 12), ("Total", 0, 12)]
    assert [table for table, _title, _rows in response.context["shifts"]][-1] != "impact-regions"
    assert "Too few answers" in response.content.decode()


def test_a_national_organiser_may_narrow_to_a_region(client, answered):
    client.force_login(organiser())

    response = client.get("/organisation/impact/?region=84", **ENGLISH)

    assert audience_rows(response) == [("General public", 20, 20), ("Total", 20, 20)]


def test_the_impact_dashboard_is_for_organisers_only(client, answered):
    assert client.get("/organisation/impact/").status_code == 302
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    client.force_login(host)
    assert client.get("/organisation/impact/").status_code == 404
    assert client.get("/organisation/impact/impact-regions.csv").status_code == 404


def test_a_region_hidden_by_suppression_shows_no_figure_in_the_page_or_the_export(client, answered):
    client.force_login(organiser())

    regions = dict(
        (row.label, row) for row in client.get("/organisation/impact/").context["shifts"][-1][2]
    )
    lines = client.get("/organisation/impact/impact-regions.csv", **ENGLISH).content
    lines = lines.decode("utf-8-sig").splitlines()

    assert regions["Île-de-France"].hidden and regions["Auvergne-Rhône-Alpes"].hidden
    assert regions["Île-de-France"].too_few and not regions["Auvergne-Rhône-Alpes"].too_few
    assert lines[0].startswith("By region;Answers before;Answers after;")
    assert lines[1].startswith("Auvergne-Rhône-Alpes;;;") or lines[1].startswith("Île-de-France;;;")
    assert lines[3].startswith("Total;20;32;20.0;")


def test_every_impact_table_exports(client, answered):
    client.force_login(organiser())
    for table in ("impact-rates", "impact-audiences", "impact-girls", "impact-levels",
                  "impact-sectors", "impact-regions"):  # fmt: skip
        for fmt in ("csv", "xlsx"):
            assert client.get(f"/organisation/impact/{table}.{fmt}").status_code == 200
    assert client.get("/organisation/impact/nothing.csv").status_code == 404
    assert client.get("/organisation/impact/impact-rates.pdf").status_code == 404


def test_the_results_report_holds_the_shift_and_its_method(client, answered):
    client.force_login(organiser())

    response = client.get("/organisation/bilan.pdf", **ENGLISH)

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Did the visit change minds?" in text
    assert "+48.8" in text  # "certainly": 4 of 20 before (20 %), 22 of 32 after (68.75 %)
    assert "How the impact figures are computed" in text
