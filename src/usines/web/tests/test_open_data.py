"""Open data files and the partner widget."""

import csv
import io
import json

import pytest

from usines.editions.models import Audience
from usines.testsupport import EditionDayFactory, slot_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def sites():
    day = EditionDayFactory(audience=Audience.PUBLIC)
    return [slot_at(day, "cluses", name="Décolletage de Cluses"),
            slot_at(day, "lyon", name="Robinetterie lyonnaise")]  # fmt: skip


def test_the_csv_lists_the_sites_without_personal_data(client, sites):
    response = client.get("/donnees/usines.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["nom"] for row in rows] == ["Décolletage de Cluses", "Robinetterie lyonnaise"]
    assert rows[0]["code_insee"] == "74081" and rows[0]["secteur"] == "metallurgie"
    assert "email" not in response.content.decode().lower()
    assert "licence-ouverte" in response["Link"]


def test_the_geojson_is_valid_and_licensed(client, sites):
    data = json.loads(client.get("/donnees/usines.geojson").content)

    assert data["type"] == "FeatureCollection" and "Licence Ouverte" in data["license"]
    lyon = next(f for f in data["features"] if f["properties"]["nom"] == "Robinetterie lyonnaise")
    assert lyon["geometry"] == {"type": "Point", "coordinates": [4.8357, 45.764]}


def test_the_widget_filters_sets_no_cookie_and_may_be_framed(client, sites):
    response = client.get("/widget/", {"department": "74"})

    html = response.content.decode()
    assert "Décolletage de Cluses" in html and "Robinetterie lyonnaise" not in html
    assert not response.cookies
    assert "X-Frame-Options" not in response
    assert 'target="_blank"' in html


def test_a_partner_network_shows_the_factories_it_brought_in(client, sites):
    from usines.outreach.models import Network, Prospect

    alumni, federation = Network.objects.create(name="Alumni"), Network.objects.create(name="Fédé")
    cluses, lyon = (slot.visit.participation for slot in sites)
    for network, participation in ((alumni, cluses), (federation, lyon)):
        Prospect.objects.create(
            network=network,
            company=participation.site.company.name,
            commune=participation.site.commune,
            participation=participation,
        )

    html = client.get("/widget/", {"network": alumni.pk}).content.decode()
    assert "Alumni" in html and "Décolletage de Cluses" in html
    assert "Robinetterie lyonnaise" not in html
    assert f"network={alumni.pk}" in html  # the map asks the API for the same sites
    api = client.get("/api/v1/sites", {"network": federation.pk}).json()
    assert [row["name"] for row in api["items"]] == ["Robinetterie lyonnaise"]
    assert client.get("/api/v1/sites", {"network": 999}).status_code == 422
    assert client.get("/widget/", {"network": "x"}).status_code == 200  # nothing, no error


@pytest.mark.browser
def test_the_widget_works_in_a_cross_origin_iframe(live_server, sites, browser):
    page = browser.new_page()
    # A partner's page, on another origin, embedding the snippet.
    page.set_content(
        f'<iframe id="w" src="{live_server.url}/widget/?region=84" '
        'width="800" height="600"></iframe>'
    )
    frame = page.frame_locator("#w")
    frame.locator(".visit-card").first.wait_for()
    assert frame.locator(".visit-card").count() == 2
    frame.locator("#visit-map img.leaflet-marker-icon, #visit-map .marker-cluster").first.wait_for()


def test_the_widget_script_is_cacheable_javascript_without_cookie(client, sites, settings):
    settings.SITE_URL = "https://usines.example"

    response = client.get("/widget.js")

    assert response["Content-Type"].startswith("text/javascript")
    assert "https://usines.example/widget/" in response.content.decode()
    assert "public" in response["Cache-Control"] and not response.cookies
    assert "data-usines-widget" in client.get("/donnees/").content.decode()


@pytest.mark.browser
def test_the_widget_script_frames_the_widget_as_tall_as_its_content(
    live_server, sites, browser, settings
):
    settings.SITE_URL = live_server.url
    page = browser.new_page()
    # A partner's page, on another origin, with the element and the script.
    page.set_content(
        '<div data-usines-widget="department=74"></div>'
        f'<script src="{live_server.url}/widget.js"></script>'
    )

    frame = page.frame_locator("[data-usines-widget] iframe")
    frame.locator(".visit-card").first.wait_for()
    assert frame.locator(".visit-card").count() == 1  # Cluses, not Lyon
    page.wait_for_function("document.querySelector('[data-usines-widget] iframe').height !== '640'")
    content = frame.locator("html").evaluate("html => html.getBoundingClientRect().height")
    height = page.locator("[data-usines-widget] iframe").get_attribute("height")
    assert abs(int(height) - content) < 5
