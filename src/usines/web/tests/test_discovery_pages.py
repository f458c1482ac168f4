"""The public discovery pages: near me, territories, the factory page, sitemap and SEO data."""

import json
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.editions.models import Audience
from usines.reference.models import Job
from usines.testsupport import EditionDayFactory, RegionFactory, slot_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    day = EditionDayFactory(audience=Audience.PUBLIC)
    return {
        key: slot_at(day, key, name=name)
        for key, name in [
            ("cluses", "Décolletage de Cluses"),
            ("sallanches", "Forges de Sallanches"),
            ("annecy", "Aérostructures d'Annecy"),
            ("lyon", "Robinetterie lyonnaise"),
        ]
    }


def site_names(html: str) -> list[str]:
    return [unescape(name) for name in re.findall(r'<h3><a href="/usine/\d+/">([^<]+)</a>', html)]


def test_near_me_lists_the_nearest_first_with_their_distance(client, sites):
    html = client.get("/", {"near": "74300", "radius": "25"}).content.decode()

    assert site_names(html) == ["Décolletage de Cluses", "Forges de Sallanches"]
    assert "14,7 km" in html
    assert "à moins de 25 km de Cluses (74), les plus proches d’abord" in html


def test_an_empty_radius_offers_a_wider_one(client, sites):
    html = client.get("/", {"near": "Lyon", "radius": "10", "q": "forges"}).content.decode()

    assert "Chercher dans un rayon de 25 km" in html
    assert "radius=25" in html


def test_an_unknown_place_says_what_to_fix_and_keeps_the_other_filters(client, sites):
    html = client.get("/", {"near": "Atlantide", "q": "forges"}).content.decode()

    assert "Aucune commune ni aucun code postal ne correspond à «\u00a0Atlantide\u00a0»" in html
    assert 'value="forges"' in html
    assert 'value="Atlantide"' in html


def test_the_map_gets_the_same_filters_as_the_list(client, sites):
    # as a browser submits the form: every field, most of them empty
    response = client.get(
        "/",
        {
            "near": "74300",
            "radius": "25",
            "q": "",
            "day": "",
            "audience": "",
            "age": "",
            "size": "",
            "sector": "metallurgie",
            "available": "on",
            "bbox": "",
        },
    )

    settings = response.context["map"]
    assert settings["sites"].startswith("/api/v1/sites.geojson?")
    assert "near=74300" in settings["sites"] and "sector=metallurgie" in settings["sites"]
    assert "radius_km=25" in settings["sites"] and "available=1" in settings["sites"]
    assert settings["near"] == [46.0625, 6.575]
    geojson = client.get(settings["sites"]).json()
    listed = site_names(response.content.decode())
    assert sorted(f["properties"]["name"] for f in geojson["features"]) == sorted(listed)
    assert len(listed) == 2


def test_region_page_shows_its_visits_counters_and_departments(client, sites):
    region = RegionFactory()  # Auvergne-Rhône-Alpes, code 84
    response = client.get(f"/region/{region.slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Visites d’usines – Auvergne-Rhône-Alpes" in html
    assert len(site_names(html)) == 4
    assert "/departement/74/" in html
    assert response.context["counters"].factories == 4
    assert response.context["map"]["focus"] == "region:84"


def test_department_page_keeps_to_its_department(client, sites):
    response = client.get("/departement/74/", {"sector": "metallurgie"})

    html = response.content.decode()
    assert sorted(site_names(html)) == [
        "Aérostructures d'Annecy",
        "Décolletage de Cluses",
        "Forges de Sallanches",
    ]
    assert response.context["counters"].factories == 3
    assert 'property="og:title" content="Visites d’usines – Haute-Savoie (74)' in html
    assert "region=" not in response.context["map"]["sites"]
    assert "department=74" in response.context["map"]["sites"]


def test_unknown_territories_are_404(client, sites):
    assert client.get("/departement/999/").status_code == 404
    assert client.get("/region/atlantide/").status_code == 404


def test_factory_page_shows_jobs_accessibility_directions_and_nearby_visits(client, sites):
    visit = sites["cluses"].visit
    visit.jobs.set(Job.objects.filter(code__in=["machinist", "quality"]))
    visit.wheelchair_access = True
    visit.save()
    site = visit.participation.site

    html = client.get(f"/usine/{site.pk}/").content.decode()

    assert "Usineur·se, conducteur·rice de machines à commande numérique" in html
    assert "Accès en fauteuil roulant" in html
    assert "geo:46.06250,6.57500" in html
    nearby = html.split("Autres visites à proximité")[1]
    assert nearby.index("Forges de Sallanches") < nearby.index("Aérostructures d&#x27;Annecy")
    assert "Robinetterie lyonnaise" not in nearby  # 138 km away


def test_factory_page_carries_a_schema_org_event(client, sites):
    slot = sites["annecy"]
    site = slot.visit.participation.site

    html = client.get(f"/usine/{site.pk}/").content.decode()

    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    event = json.loads(raw)
    assert event["@type"] == "Event"
    assert event["startDate"] == slot.starts_at.isoformat()
    assert event["location"]["address"]["addressLocality"] == "Annecy"
    assert event["location"]["geo"] == {
        "@type": "GeoCoordinates",
        "latitude": 45.8992,
        "longitude": 6.1294,
    }
    assert event["offers"]["price"] == "0"
    assert event["offers"]["availability"] == "https://schema.org/InStock"
    assert 'property="og:type" content="event"' in html


def test_structured_data_cannot_break_out_of_its_script(client, sites):
    site = sites["annecy"].visit.participation.site
    site.name = "</script><script>alert(1)</script>"
    site.save()

    html = client.get(f"/usine/{site.pk}/").content.decode()

    assert "<script>alert(1)" not in html


def test_sitemap_lists_territories_and_factories(client, sites):
    RegionFactory()
    xml = client.get("/sitemap.xml").content.decode()

    assert "/region/region-84/" in xml
    assert "/departement/74/" in xml
    for slot in sites.values():
        assert f"/usine/{slot.visit.participation.site_id}/" in xml
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/?near=74300&radius=100&sector=metallurgie&available=1&jobs=engineer&q=usine",
        "/departement/74/?available=1",
        "/region/region-84/",
    ],
)
def test_pages_stay_under_15_queries_whatever_the_number_of_sites(client, sites, url):
    day = sites["cluses"].day
    for index in range(30):
        slot_at(day, ["cluses", "annecy"][index % 2], name=f"Usine {index}")

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)

    assert response.status_code == 200
    assert len(queries) < 15
