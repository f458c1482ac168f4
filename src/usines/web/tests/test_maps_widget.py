"""The widget's map shows the territory the partner chose, or its sites."""

import json
import re

import pytest

from usines.testsupport import SlotFactory

pytestmark = pytest.mark.django_db


def map_of(client, query: dict) -> dict:
    html = client.get("/widget/", query).content.decode()
    return json.loads(re.search(r'<script id="map-settings"[^>]*>(.*?)</script>', html, re.S)[1])


def test_the_widget_map_shows_the_department_or_region_of_the_widget(client):
    SlotFactory()

    department = map_of(client, {"department": "74"})
    region = map_of(client, {"region": "84"})

    assert department["focus"] == "department:74" and not department["fit_sites"]
    assert region["focus"] == "region:84" and not region["fit_sites"]


def test_a_widget_without_territory_shows_its_sites_and_a_searched_place_its_pin(client):
    SlotFactory()

    by_sector = map_of(client, {"sector": "metallurgie"})
    near = map_of(client, {"near": "46.06,6.57", "radius": "25"})

    assert by_sector["focus"] == "" and by_sector["fit_sites"]
    assert near["near"] == [46.06, 6.57] and near["radius_km"] == 25
