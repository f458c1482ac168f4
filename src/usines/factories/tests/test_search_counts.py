"""What a search result says follows the search: places left and the next slot with
places count only the slots of the chosen day and audience (and with places left)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.editions.models import Audience
from usines.factories.filters import VisitFilter
from usines.factories.models import Slot
from usines.factories.queries import attach_next_slots, published_participations
from usines.testsupport import EditionDayFactory, SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with_both_days():
    """A site with 167 places on the public day and 7, 3 and 4 places left on its
    three school slots (a fourth school slot is full)."""
    public = EditionDayFactory(audience=Audience.PUBLIC)
    school = EditionDayFactory(
        edition=public.edition, audience=Audience.SCHOOL, date=public.date - timedelta(days=1)
    )
    first = SlotFactory(day=public, capacity=100)
    visit = first.visit
    SlotFactory(
        visit=visit, day=public, capacity=67, starts_at=first.starts_at + timedelta(hours=2)
    )
    school_start = first.starts_at - timedelta(days=1)
    school_slots = [
        SlotFactory(
            visit=visit,
            day=school,
            capacity=30,
            booked=30 - left,
            starts_at=school_start + timedelta(hours=hour),
        )
        for hour, left in ((0, 0), (1, 7), (2, 3), (3, 4))
    ]
    return public, school, visit, school_slots


def search(edition, **params):
    visits = VisitFilter(params, queryset=published_participations(edition), edition=edition)
    assert visits.is_valid(), visits.errors
    return attach_next_slots(list(visits.qs))


def test_places_left_count_only_the_chosen_audience(site_with_both_days):
    public, school, visit, school_slots = site_with_both_days

    [everything] = search(public.edition)
    [classes] = search(public.edition, audience="school")
    [general] = search(public.edition, audience="public")

    assert everything.places_left == 167 + 7 + 3 + 4
    assert classes.places_left == 14
    assert general.places_left == 167


def test_places_left_count_only_the_chosen_day(site_with_both_days):
    public, school, visit, school_slots = site_with_both_days

    [on_school_day] = search(public.edition, day=school.pk)
    [on_public_day] = search(public.edition, day=public.pk, available="1")

    assert on_school_day.places_left == 14
    assert on_public_day.places_left == 167


def test_the_next_slot_is_the_first_with_places_among_those_asked_for(site_with_both_days):
    public, school, visit, school_slots = site_with_both_days
    full, seven, three, four = school_slots

    [classes] = search(public.edition, audience="school")
    [general] = search(public.edition, audience="public")
    [anyone] = search(public.edition)

    assert classes.next_slot == seven  # the full 9:00 slot is skipped
    assert classes.next_slot.available == 7
    assert general.next_slot.day == public
    assert general.next_slot.available == 100
    assert anyone.next_slot == seven  # the school day comes first


def test_a_visit_whose_chosen_slots_are_all_full_has_no_next_slot(site_with_both_days):
    public, school, visit, school_slots = site_with_both_days
    for slot in school_slots:
        Slot.objects.filter(pk=slot.pk).update(booked=slot.capacity)

    [classes] = search(public.edition, audience="school")

    assert classes.places_left == 0
    assert classes.next_slot is None
    assert search(public.edition, audience="school", available="1") == []


def test_cancelled_slots_count_for_nothing(site_with_both_days):
    public, school, visit, school_slots = site_with_both_days
    seven = school_slots[1]
    Slot.objects.filter(pk=seven.pk).update(is_cancelled=True)

    [classes] = search(public.edition, audience="school")

    assert classes.places_left == 7
    assert classes.next_slot == school_slots[2]


def test_the_figures_add_no_query_to_the_list_and_one_for_the_next_slots(site_with_both_days):
    public, *_ = site_with_both_days
    for _ in range(5):
        SlotFactory(day=public)
    visits = VisitFilter(
        {"audience": "public", "available": "1"},
        queryset=published_participations(public.edition),
        edition=public.edition,
    )
    assert visits.is_valid()

    with CaptureQueriesContext(connection) as queries:
        visits.qs.count()
        rows = list(visits.qs[:20])
        attach_next_slots(rows)

    assert len(rows) == 6
    assert len(queries) == 3


def test_the_api_lists_the_same_counts_as_the_page(client, site_with_both_days):
    public, school, visit, school_slots = site_with_both_days

    [row] = client.get("/api/v1/sites", {"audience": "school"}).json()["items"]
    [detail] = [client.get(f"/api/v1/sites/{row['id']}").json()]
    features = client.get("/api/v1/sites.geojson", {"day": school.date.isoformat()}).json()

    assert row["places_left"] == 14
    assert row["next_slot"]["id"] == school_slots[1].pk
    assert row["next_slot"]["available"] == 7
    assert row["next_slot"]["audience"] == "school"
    assert detail["places_left"] == 181
    assert detail["next_slot"]["id"] == school_slots[1].pk
    assert [f["properties"]["left"] for f in features["features"]] == [14]
