"""The discovery API: near-me search with distances, filters, GeoJSON and communes."""

import gzip
import json

import pytest

from usines.editions.models import Audience
from usines.reference.models import Job
from usines.testsupport import EditionDayFactory, place_commune, slot_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    day = EditionDayFactory(audience=Audience.PUBLIC)
    slots = {key: slot_at(day, key, name=f"Usine de {key}") for key in ("cluses", "annecy", "lyon")}
    visit = slots["annecy"].visit
    visit.jobs.set(Job.objects.filter(code__in=["engineer", "quality"]))
    visit.wheelchair_access = True
    visit.save()
    return slots


def test_near_returns_distance_and_nearest_first(client, sites):
    body = client.get("/api/v1/sites", {"near": "74300", "radius_km": 50}).json()

    assert body["count"] == 2
    assert [(item["commune"], item["distance_km"]) for item in body["items"]] == [
        ("Cluses", 0.0),
        ("Annecy", 38.9),
    ]


def test_without_near_there_is_no_distance(client, sites):
    items = client.get("/api/v1/sites").json()["items"]
    assert {item["distance_km"] for item in items} == {None}
    assert len(items) == 3


def test_jobs_and_accessibility_comma_separated_or_repeated(client, sites):
    by_comma = client.get("/api/v1/sites?jobs=engineer,research&accessibility=wheelchair")
    repeated = client.get("/api/v1/sites?jobs=engineer&jobs=research")

    for response in (by_comma, repeated):
        assert [item["name"] for item in response.json()["items"]] == ["Usine de annecy"]
    item = by_comma.json()["items"][0]
    assert item["jobs"] == ["quality", "engineer"]
    assert item["accessibility"] == ["wheelchair"]
    assert item["sector"] == "metallurgie"


def test_bad_filters_answer_422_with_each_field_to_fix(client, sites):
    response = client.get(
        "/api/v1/sites",
        {"near": "Atlantide", "radius_km": 7, "jobs": "astronaut", "sector": "space"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    body = response.json()
    assert response.status_code == 422
    assert set(body["errors"]) >= {"near", "radius_km", "jobs", "sector"}
    assert "Atlantide" in body["errors"]["near"][0]


def test_geojson_is_a_valid_feature_collection_with_the_same_filters(client, sites):
    response = client.get("/api/v1/sites.geojson", {"near": "Cluses", "radius_km": 50})

    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2
    for feature in data["features"]:
        assert feature["type"] == "Feature"
        assert feature["geometry"]["type"] == "Point"
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(feature["properties"]) == {"id", "name", "commune", "left"}
    annecy = next(f for f in data["features"] if f["properties"]["commune"] == "Annecy")
    assert annecy["geometry"]["coordinates"] == [6.1294, 45.8992]
    assert annecy["properties"]["left"] == 10


def test_geojson_etag_gives_304_until_something_changes(client, sites, settings):
    settings.PUBLIC_READ_SECONDS = 0  # computed at each request: no copy kept in memory
    first = client.get("/api/v1/sites.geojson")
    etag = first["ETag"]

    again = client.get("/api/v1/sites.geojson", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert "max-age" in again["Cache-Control"]

    slot = sites["lyon"]
    slot.booked = 3
    slot.save()
    changed = client.get("/api/v1/sites.geojson", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_geojson_is_gzipped_for_clients_that_accept_it(client, sites):
    response = client.get("/api/v1/sites.geojson", HTTP_ACCEPT_ENCODING="gzip, br")

    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"


def test_communes_autocomplete(client):
    place_commune("saint-etienne")

    items = client.get("/api/v1/communes", {"q": "st etienne"}).json()

    assert items == [
        {
            "insee_code": "42218",
            "name": "Saint-Étienne",
            "department": "42",
            "postcode": "42000",
            "label": "Saint-Étienne (42)",
            "lat": 45.4339,
            "lon": 4.39,
        }
    ]
