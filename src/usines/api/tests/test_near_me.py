"""Near-me by position, answered from the points and rows each process keeps: the
same sites, order, distances and figures as the full search, and nothing stale in
the process that changed a site. The public pages' counters are kept likewise."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.editions.models import Audience
from usines.factories.models import Participation, ParticipationStatus, Slot
from usines.factories.queries import public_counters, published_participations, sites_within
from usines.reference.geo import Place, within_radius
from usines.testsupport import EditionDayFactory, SlotFactory

pytestmark = pytest.mark.django_db

CLUSES = (46.0603, 6.5797)


@pytest.fixture
def scattered():
    """30 published sites scattered up to 70 km around Cluses, with places taken on
    some; one submitted and one cancelled slot beside them."""
    shuffle = random.Random(7)
    day = EditionDayFactory(audience=Audience.PUBLIC)
    slots = []
    for number in range(30):
        where = {
            "visit__participation__site__latitude": CLUSES[0] + shuffle.uniform(-0.6, 0.6),
            "visit__participation__site__longitude": CLUSES[1] + shuffle.uniform(-0.8, 0.8),
            "visit__participation__site__name": f"Usine {number:02}",
        }
        slots.append(SlotFactory(day=day, capacity=20, **where))
    for slot in slots[::3]:
        Slot.objects.filter(pk=slot.pk).update(booked=shuffle.randint(1, 20))
    SlotFactory(day=day, visit=slots[1].visit, is_cancelled=True, capacity=50)
    Participation.objects.filter(pk=slots[2].visit.participation_id).update(
        status=ParticipationStatus.SUBMITTED
    )
    return day.edition


def near(client, latitude, longitude, **params):
    """A near-me search by position, and the same through the full search (a filter
    on age that every visit passes sends it there)."""
    query = {"near": f"{latitude:.4f},{longitude:.4f}", **params}
    fast = client.get("/api/v1/sites", query)
    full = client.get("/api/v1/sites", query | {"age": 120})
    assert fast.status_code == full.status_code == 200
    return fast.json(), full.json()


@pytest.mark.parametrize("radius_km", [10, 25, 50, 100])
def test_a_search_by_position_answers_what_the_full_search_answers(client, scattered, radius_km):
    shuffle = random.Random(radius_km)
    for _ in range(8):
        position = (CLUSES[0] + shuffle.uniform(-0.5, 0.5), CLUSES[1] + shuffle.uniform(-0.5, 0.5))
        fast, full = near(client, *position, radius_km=radius_km)

        assert fast == full
        distances = [item["distance_km"] for item in fast["items"]]
        assert distances == sorted(distances)
        assert all(distance <= radius_km for distance in distances)


def test_pages_of_a_search_by_position_follow_one_another(client, scattered):
    pages = [near(client, *CLUSES, radius_km=100, page=page, page_size=7) for page in (1, 2, 5, 6)]

    for fast, full in pages:
        assert fast == full
    first, second, fifth, beyond = (fast for fast, _ in pages)
    assert first["count"] == 29  # the submitted site is left out
    assert len(first["items"]) == len(second["items"]) == 7
    assert first["items"][-1]["distance_km"] <= second["items"][0]["distance_km"]
    assert len(fifth["items"]) == 1
    assert beyond == {"items": [], "count": 29}


def test_the_points_are_those_the_database_finds_within_the_radius(scattered):
    shuffle = random.Random(1)
    for _ in range(20):
        place = Place(
            CLUSES[0] + shuffle.uniform(-0.7, 0.7), CLUSES[1] + shuffle.uniform(-1, 1), ""
        )
        radius_km = shuffle.choice([10, 25, 50])
        in_sql = within_radius(published_participations(scattered), place, radius_km, "site__")

        found = sites_within(scattered, place, radius_km)

        assert [pk for _, pk in found] == [row.pk for row in in_sql]
        assert [round(distance, 6) for distance, _ in found] == [
            round(row.distance_km, 6) for row in in_sql
        ]


def test_a_search_by_position_near_sites_already_read_sends_no_query(client, scattered):
    client.get("/api/v1/sites", {"near": "46.06,6.58", "radius_km": 100})

    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/sites", {"near": "46.10,6.50", "radius_km": 100}).json()

    assert body["count"] == 29
    assert queries.captured_queries == []  # the edition, points and rows were kept


def test_a_site_published_or_moved_in_this_process_is_searched_at_once(client, scattered):
    assert near(client, 45.0, 6.58)[0]["count"] == 0
    withdrawn = Participation.objects.filter(edition=scattered, status="submitted").get()
    withdrawn.status = ParticipationStatus.PUBLISHED
    withdrawn.save()
    site = withdrawn.site
    site.latitude, site.longitude = 45.0, 6.58
    site.save()

    fast, full = near(client, 45.0, 6.5813)  # a new position: no answer kept for it

    assert fast == full
    assert [(item["id"], item["distance_km"]) for item in fast["items"]] == [(site.pk, 0.1)]


def test_a_visit_edited_in_this_process_shows_in_the_next_search(client, scattered):
    first = near(client, *CLUSES, radius_km=25)[0]["items"][0]
    visit = Participation.objects.get(site_id=first["id"]).visit
    visit.title = "Nouvelle visite"
    visit.save()

    fast, full = near(client, CLUSES[0] + 0.0001, CLUSES[1], radius_km=25)

    assert fast == full
    assert fast["items"][0]["visit_title"] == "Nouvelle visite"


def test_the_counters_of_the_public_pages_are_read_once_and_follow_a_new_slot(scattered):
    first = public_counters(scattered)
    with CaptureQueriesContext(connection) as queries:
        again = public_counters(scattered)
    visit = Participation.objects.filter(edition=scattered, status="published").first().visit
    SlotFactory(day=scattered.days.get(), visit=visit, capacity=15)

    after = public_counters(scattered)

    assert queries.captured_queries == []
    assert again == first
    assert (after.factories, after.places_left) == (first.factories, first.places_left + 15)
