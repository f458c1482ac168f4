from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.testsupport import (
    CommuneFactory,
    DepartmentFactory,
    EditionDayFactory,
    RegionFactory,
    SlotFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_the_edition_its_counters_and_visits(client, slot):
    response = client.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    assert slot.day.edition.name in page
    assert slot.visit.participation.site.name in page
    assert "10 places restantes" in page


def test_home_filters_by_region(client, slot):
    paris = CommuneFactory(
        insee_code="75056",
        name="Paris",
        department=DepartmentFactory(
            code="75", name="Paris", region=RegionFactory(code="11", name="Île-de-France")
        ),
    )
    other = SlotFactory(day=slot.day, visit__participation__site__commune=paris)

    page = client.get("/?region=11").content.decode()

    assert other.visit.participation.site.name in page
    assert slot.visit.participation.site.name not in page


def test_home_is_paginated_with_a_bounded_number_of_queries(client, slot):
    for _ in range(25):
        SlotFactory(day=slot.day)

    with CaptureQueriesContext(connection) as queries:
        first = client.get("/")
    second = client.get("/?page=2")

    assert "Page 1 sur 2" in first.content.decode()
    assert second.status_code == 200
    assert len(queries) < 15


def test_the_places_matching_are_those_of_the_visits_listed(client, slot):
    full = SlotFactory(day=slot.day, capacity=8)
    Slot.objects.filter(pk=full.pk).update(booked=8)
    school_day = EditionDayFactory(
        edition=slot.day.edition, audience=Audience.SCHOOL, date=slot.day.date - timedelta(days=1)
    )
    SlotFactory(day=school_day, capacity=30, visit=full.visit)

    everything = client.get("/").context
    public_day = client.get(f"/?day={slot.day_id}").context

    assert everything["places_matching"] == everything["counters"].places_left == 40
    assert public_day["page"].paginator.count == 2
    assert public_day["places_matching"] == 10


def test_home_is_in_english_when_the_browser_asks(client, slot):
    page = client.get("/", headers={"accept-language": "en"}).content.decode()

    assert "Find a visit" in page


def test_an_unpublished_or_unknown_site_is_404(client, slot):
    assert client.get("/usine/999999/").status_code == 404
