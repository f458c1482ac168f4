"""The cockpit: goal curve, dashboard figures, snapshots, the results report, scope."""

from datetime import UTC, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience, Target, TargetMetric
from usines.factories.models import Participation, ParticipationAction, ParticipationEvent
from usines.outreach.models import ReferenceCount
from usines.reports import figures, services
from usines.reports.figures import Figures
from usines.reports.models import Snapshot
from usines.testsupport import (
    CommuneFactory,
    DepartmentFactory,
    EditionDayFactory,
    RegionFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_with_history():
    day = EditionDayFactory(audience=Audience.PUBLIC)
    slots = [SlotFactory(day=day, capacity=10) for _ in range(3)]
    now = timezone.now()
    for index, slot in enumerate(slots):  # registered 2, 1 and 0 days ago
        participation = slot.visit.participation
        Participation.objects.filter(pk=participation.pk).update(
            created_at=now - timedelta(days=2 - index)
        )
        event = ParticipationEvent.objects.create(
            participation=participation, action=ParticipationAction.PUBLISHED
        )
        ParticipationEvent.objects.filter(pk=event.pk).update(created_at=now - timedelta(days=1))
    Target.objects.create(edition=day.edition, metric=TargetMetric.FACTORIES, value=5)
    book_visit(slots[0].pk, 4, Contact("A", "a@example.org", "74300"))
    book_visit(slots[1].pk, 6, Contact("B", "b@example.org", "74300"))
    return day.edition, slots


def test_the_goal_curve_cumulates_by_day_against_the_target(edition_with_history):
    edition, _slots = edition_with_history

    curve = Figures(figures.refresh(edition)).goal_curve()

    assert curve.registered == [1, 2, 3]
    assert curve.published == [0, 3, 3]
    assert curve.target == 5
    assert curve.days[-1] == timezone.localdate()
    assert curve.places[-1] == 10  # booked today, in places
    assert curve.places_target is None


def test_the_dashboard_reads_grouped_figures(edition_with_history, django_assert_max_num_queries):
    edition, _slots = edition_with_history
    figures.refresh(edition)

    with django_assert_max_num_queries(4):  # the kept figures, days, regions
        board = Figures.of(edition).dashboard()

    assert (board.total.capacity, board.total.booked, board.total.fill_rate) == (30, 10, 33.3)
    assert [(row["capacity"], row["persons"]) for row in board.by_day] == [(30, 10)]
    assert [row.booked for row in board.by_region] == [10]
    assert board.factories["published"] == 3


def test_a_snapshot_keeps_the_representativeness_of_the_moment(edition_with_history):
    edition, _slots = edition_with_history
    ReferenceCount.objects.create(
        region_id="84", sector="metallurgie", establishments=1, source="t"
    )
    ReferenceCount.objects.create(region_id="84", sector="agroalimentaire", establishments=1,
                                  source="t")  # fmt: skip
    snap = services.take_snapshot(edition, "Fin des inscriptions", Participation.objects.all())

    sector = next(item for item in snap.data if item["dimension"] == "sector")
    assert sector["index"] == 0.5
    assert Snapshot.objects.get().label == "Fin des inscriptions"


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
    from openpyxl import load_workbook

    sheet = load_workbook(
        BytesIO(client.get("/organisation/tableau-de-bord/regions.xlsx").content)
    ).active
    assert list(sheet.iter_rows(values_only=True))[1] == ("Auvergne-Rhône-Alpes", 30, 10, 33.3)
    assert client.get("/organisation/tableau-de-bord/secrets.csv").status_code == 404
    assert client.get("/organisation/tableau-de-bord/regions.exe").status_code == 404


def test_phase_snapshots_are_taken_once_after_each_phase(edition_with_history):
    from usines.editions.models import Phase

    edition, _slots = edition_with_history
    today = timezone.localdate()
    Phase.objects.create(edition=edition, kind="hosts", starts_on=today - timedelta(days=30),
                         ends_on=today - timedelta(days=1))  # fmt: skip
    Phase.objects.create(edition=edition, kind="public", starts_on=today, ends_on=today)
    scope = Participation.objects.filter(edition=edition)

    assert len(services.open_phase_snapshots(edition, scope)) == 1
    assert services.open_phase_snapshots(edition, scope) == []


def test_the_map_of_sites_gives_each_fill_rate(client, edition_with_history):
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    data = client.get("/organisation/tableau-de-bord/usines.geojson").json()

    assert sorted(f["properties"]["fill"] for f in data["features"]) == [0, 40, 60]


def test_aged_figures_are_shown_with_their_time_and_refreshed_once_by_the_worker(
    client, edition_with_history, deliver_emails, settings
):
    from django_tasks_db.models import DBTaskResult

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


def test_kept_figures_match_the_live_counts_for_each_region(edition_with_history):
    from usines.schools.figures import class_rows, summarise

    edition, slots = edition_with_history
    other = RegionFactory(code="11", name="Île-de-France")
    paris = SlotFactory(day=slots[0].day, capacity=8)
    paris.visit.participation.site.commune = CommuneFactory(
        insee_code="75056", name="Paris", department=DepartmentFactory(code="75", region=other)
    )
    paris.visit.participation.site.save()
    book_visit(paris.pk, 3, Contact("D", "d@example.org", "75001"))
    Target.objects.create(edition=edition, region=other, metric=TargetMetric.VISITORS, value=6)
    kept = figures.refresh(edition)

    national, paris_only = Figures(kept), Figures(kept, other)

    assert national.dashboard().total.booked == 13
    assert (paris_only.dashboard().total.capacity, paris_only.dashboard().total.booked) == (8, 3)
    assert [row.label for row in paris_only.dashboard().by_region] == ["Île-de-France"]
    curve = paris_only.goal_curve()
    assert (curve.places[-1], curve.places_target, curve.target) == (3, 6, 0)
    scope = Participation.objects.filter(edition=edition)
    assert national.classes("region") == summarise(class_rows(scope, "region"), "region")


def test_a_registration_just_after_midnight_counts_on_that_local_day(edition_with_history):
    from datetime import datetime, time

    edition, slots = edition_with_history
    today = timezone.localdate()
    half_past_midnight = timezone.make_aware(datetime.combine(today, time(0, 30)))
    assert half_past_midnight.astimezone(UTC).date() < today  # the day before, in UTC
    Participation.objects.filter(pk=slots[0].visit.participation_id).update(
        created_at=half_past_midnight
    )

    curve = Figures(figures.refresh(edition)).goal_curve()

    assert curve.registered[-2:] == [1, 3]  # Paris time: one yesterday, three by today


def _open_the_cockpit(edition_id: int) -> None:
    from usines.editions.models import Edition

    figures.current(Edition.objects.get(pk=edition_id))


@pytest.mark.django_db(transaction=True)
def test_twenty_organisers_opening_aged_figures_at_once_queue_one_rebuild():
    from django_tasks_db.models import DBTaskResult

    from usines.testsupport import in_processes

    day = EditionDayFactory(audience=Audience.PUBLIC)
    SlotFactory(day=day)
    kept = figures.refresh(day.edition)
    type(kept).objects.filter(pk=kept.pk).update(computed_at=timezone.now() - timedelta(hours=1))

    outcomes = in_processes(_open_the_cockpit, [(day.edition_id,)] * 20)

    assert outcomes == ["ok"] * 20
    assert DBTaskResult.objects.filter(task_path__endswith="refresh_edition_figures").count() == 1


def test_figures_kept_in_an_older_shape_are_rebuilt_before_they_are_read(edition_with_history):
    edition, _slots = edition_with_history
    kept = figures.refresh(edition)
    type(kept).objects.filter(pk=kept.pk).update(data={"slots": []})  # as an old release left it

    assert Figures.of(edition).dashboard().total.booked == 10
