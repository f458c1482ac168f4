"""The organisers' cockpit and attendance overview: scope, tables, map, report, freshness."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit
from usines.reports import figures
from usines.reports.figures import Figures
from usines.testsupport import RegionFactory, build_edition_with_history

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_with_history():
    return build_edition_with_history()


def test_the_results_report_holds_the_headline_figures(client, edition_with_history):
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    response = client.get("/organisation/bilan.pdf")

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert response["Content-Type"] == "application/pdf"
    assert "33,3 %" in text  # the fill rate
    assert "Face aux objectifs" in text
    assert "Auvergne-Rhône-Alpes" in text


def test_the_cockpit_is_for_organisers_in_their_region(client, edition_with_history):
    assert client.get("/organisation/tableau-de-bord/").status_code == 302  # log in first
    client.force_login(User.objects.create_user("h@e.org", "h@e.org", "pw", role=Role.HOST))
    assert client.get("/organisation/tableau-de-bord/").status_code == 404
    RegionFactory(code="11", name="Île-de-France")
    client.force_login(
        User.objects.create_user("i@e.org", "i@e.org", "pw", role=Role.ORGANISER, region_id="11")
    )
    response = client.get("/organisation/tableau-de-bord/")
    assert response.status_code == 200
    assert response.context["board"].total.booked == 0  # nothing of Auvergne-Rhône-Alpes
    assert response.context["targets"] == {}  # the national target is not the region's
    client.force_login(User.objects.create_user("n@e.org", "n@e.org", "pw", role=Role.ORGANISER))
    assert client.get("/organisation/tableau-de-bord/").context["board"].total.booked == 10


def test_every_cockpit_table_exports_as_csv(client, edition_with_history):
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))
    lines = client.get("/organisation/tableau-de-bord/regions.csv").content.decode("utf-8-sig")
    assert lines.splitlines()[1] == "Auvergne-Rhône-Alpes;30;10;33.3"
    tables = ("days", "sectors", "classes", "classes-regions", "classes-sectors",
              "attendance-days", "attendance-regions", "curve")  # fmt: skip
    for table in tables:
        assert client.get(f"/organisation/tableau-de-bord/{table}.csv").status_code == 200
    attendance = client.get("/organisation/tableau-de-bord/attendance-regions.csv")
    assert attendance.content.decode("utf-8-sig").splitlines()[1:] == [
        "Auvergne-Rhône-Alpes;10;0;0;0;0;0",
        "Total;10;0;0;0;0;0",
    ]
    curve = client.get("/organisation/tableau-de-bord/curve.csv").content.decode("utf-8-sig")
    assert curve.splitlines()[-1].endswith(";3;0;3;10;0")  # today: 3 registered … 10 places
    sheet = load_workbook(
        BytesIO(client.get("/organisation/tableau-de-bord/regions.xlsx").content)
    ).active
    assert list(sheet.iter_rows(values_only=True))[1] == ("Auvergne-Rhône-Alpes", 30, 10, 33.3)
    assert client.get("/organisation/tableau-de-bord/secrets.csv").status_code == 404
    assert client.get("/organisation/tableau-de-bord/regions.exe").status_code == 404


def test_the_map_of_sites_gives_each_fill_rate(client, edition_with_history):
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    data = client.get("/organisation/tableau-de-bord/usines.geojson").json()

    assert sorted(f["properties"]["fill"] for f in data["features"]) == [0, 40, 60]


def test_aged_figures_are_shown_with_their_time_and_refreshed_once_by_the_worker(
    client, edition_with_history, deliver_emails, settings
):
    edition, slots = edition_with_history
    settings.FIGURES_MAX_AGE = 60
    kept = figures.refresh(edition)
    book_visit(slots[2].pk, 5, Contact("C", "c@example.org", "74300"))
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    with deliver_emails.capture():  # fresh: the page reads the kept figures
        assert client.get("/organisation/tableau-de-bord/").context["board"].total.booked == 10
    assert not DBTaskResult.objects.filter(task_path__endswith="refresh_edition_figures").exists()

    type(kept).objects.filter(pk=kept.pk).update(computed_at=timezone.now() - timedelta(minutes=2))
    with deliver_emails.capture():  # aged: still shown, with their time; one refresh queued
        for _ in range(3):
            response = client.get("/organisation/tableau-de-bord/")
            assert response.context["board"].total.booked == 10
    assert "Figures as of" in response.content.decode() or "Chiffres" in response.content.decode()
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_edition_figures").count() == 1

    deliver_emails()  # the worker rebuilds them
    assert client.get("/organisation/tableau-de-bord/").context["board"].total.booked == 15


def test_an_organiser_can_refresh_the_figures_at_once(client, edition_with_history):
    edition, slots = edition_with_history
    figures.refresh(edition)
    book_visit(slots[2].pk, 5, Contact("C", "c@example.org", "74300"))
    client.force_login(User.objects.create_user("h@e.org", "h@e.org", "pw", role=Role.HOST))
    assert client.post("/organisation/tableau-de-bord/actualiser/").status_code == 404
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    response = client.post(
        "/organisation/tableau-de-bord/actualiser/?region=84",
        {"next": "https://elsewhere.example/"},
    )

    assert response["Location"] == "/organisation/tableau-de-bord/?region=84"
    assert Figures.of(edition).dashboard().total.booked == 15


def test_attendance_overview_title_is_plain_text(client, slot):
    client.force_login(User.objects.create_user("n@e.org", "n@e.org", "pw", role=Role.ORGANISER))
    html = client.get("/organisation/presence/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "Fréquentation" in title
    assert html.count('<h3 id="classes-1-title">Par niveau ') == 1
    assert "/organisation/tableau-de-bord/classes-regions.xlsx" in html  # each table exports
