"""The kept figures: goal curve, dashboard, snapshots, regions, freshness under load."""

from datetime import UTC, timedelta

import pytest
from django.utils import timezone

from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience, Target, TargetMetric
from usines.factories.models import Participation
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
    build_edition_with_history,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition_with_history():
    return build_edition_with_history()


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


def test_phase_snapshots_are_taken_once_after_each_phase(edition_with_history):
    from usines.editions.models import Phase

    edition, _slots = edition_with_history
    edition.phases.all().delete()
    today = timezone.localdate()
    Phase.objects.create(edition=edition, kind="registration", starts_on=today - timedelta(days=30),
                         ends_on=today - timedelta(days=1))  # fmt: skip
    Phase.objects.create(edition=edition, kind="public_bookings", starts_on=today, ends_on=today)
    scope = Participation.objects.filter(edition=edition)

    assert len(services.open_phase_snapshots(edition, scope)) == 1
    assert services.open_phase_snapshots(edition, scope) == []


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
