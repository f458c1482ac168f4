"""The maps' basemap as MAP_BASEMAP chooses it: what the map script is told, what the
Content-Security-Policy lets in, and what `manage.py check` warns about."""

import importlib.util
import json

import pytest
from django.core.checks import run_checks
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from usines import settings as project_settings
from usines.testsupport import SlotFactory
from usines.ui.maps import map_settings

pytestmark = pytest.mark.django_db


def pmtiles_file(path, max_zoom: int = 14, tile_type: int = 1):
    """A PMTiles v3 header (the part the app reads) followed by a few bytes."""
    header = b"PMTiles" + bytes([3]) + bytes(88) + bytes([1, 2, 2, tile_type, 0, max_zoom])
    path.write_bytes(header.ljust(127, b"\0") + bytes(range(256)) * 4)
    return path


def load_settings(monkeypatch, **environment):
    """A fresh copy of the settings module, read with these environment variables."""
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("fresh_settings", project_settings.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tests_draw_maps_without_any_basemap(settings):
    values = map_settings(sites="", place=None, radius_km=None)

    assert settings.MAP_BASEMAP == "none"
    assert values["basemap"] == {"kind": "none"}
    assert values["towns"].endswith("geo/towns.json")
    assert values["icons"]["iconUrl"].endswith("vendor/leaflet/images/marker-icon.png")
    assert values["icons"]["shadowUrl"].endswith("vendor/leaflet/images/marker-shadow.png")


def test_the_osm_basemap_gives_the_tile_url_and_the_credit_in_the_page_language(settings):
    settings.MAP_BASEMAP = "osm"
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = ""

    with translation.override("en"):
        basemap = map_settings(sites="", place=None, radius_km=None)["basemap"]

    assert basemap["kind"] == "osm"
    assert basemap["url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert 'href="https://www.openstreetmap.org/copyright"' in basemap["attribution"]
    assert "contributors" in basemap["attribution"]


def test_a_tile_provider_credit_set_in_the_environment_is_shown_as_given(settings):
    settings.MAP_BASEMAP = "osm"
    settings.MAP_TILE_ATTRIBUTION = "© Example Tiles, © OpenStreetMap"

    basemap = map_settings(sites="", place=None, radius_km=None)["basemap"]

    assert basemap["attribution"] == "© Example Tiles, © OpenStreetMap"


def test_the_pmtiles_basemap_is_read_from_this_site_down_to_the_files_deepest_zoom(
    settings, tmp_path
):
    settings.MAP_BASEMAP = "pmtiles"
    settings.MAP_PMTILES_PATH = pmtiles_file(tmp_path / "france.pmtiles", max_zoom=12)

    with translation.override("en"):
        basemap = map_settings(sites="", place=None, radius_km=None)["basemap"]

    assert basemap["kind"] == "pmtiles"
    assert basemap["url"] == "/carte/fond.pmtiles"
    assert basemap["max_data_zoom"] == 12 and basemap["lang"] == "en"
    assert "Protomaps" in basemap["attribution"] and "OpenStreetMap" in basemap["attribution"]
    assert "usines.ui.W001" not in [message.id for message in run_checks()]


@pytest.mark.parametrize("content", [None, b"not a pmtiles file", "raster"])
def test_a_pmtiles_basemap_without_a_readable_vector_file_falls_back_to_the_outlines(
    settings, tmp_path, content
):
    path = tmp_path / "france.pmtiles"
    if content == "raster":
        pmtiles_file(path, tile_type=2)
    elif content is not None:
        path.write_bytes(content)
    settings.MAP_BASEMAP = "pmtiles"
    settings.MAP_PMTILES_PATH = path

    assert map_settings(sites="", place=None, radius_km=None)["basemap"] == {"kind": "none"}
    assert "usines.ui.W001" in [message.id for message in run_checks()]


def test_the_page_loads_protomaps_only_for_a_pmtiles_basemap(client, settings, tmp_path):
    site = SlotFactory().visit.participation.site
    assert "protomaps-leaflet.js" not in client.get(f"/usine/{site.pk}/").content.decode()

    settings.MAP_BASEMAP = "pmtiles"
    settings.MAP_PMTILES_PATH = pmtiles_file(tmp_path / "france.pmtiles")
    assert "protomaps-leaflet.js" in client.get(f"/usine/{site.pk}/").content.decode()


def test_the_osm_basemap_lets_tile_images_in_from_the_tile_host_only(monkeypatch):
    fresh = load_settings(
        monkeypatch,
        MAP_BASEMAP="osm",
        MAP_TILE_URL="https://{s}.tiles.example.org/{z}/{x}/{y}.png",
    )

    directives = fresh.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "https://*.tiles.example.org" in directives["img-src"]
    others = [name for name, values in directives.items() if "tiles.example.org" in str(values)]
    assert others == ["img-src"]


@pytest.mark.parametrize("basemap", ["pmtiles", "none"])
def test_without_the_osm_basemap_no_other_host_is_let_in(monkeypatch, basemap):
    fresh = load_settings(monkeypatch, MAP_BASEMAP=basemap)

    policy = json.dumps(fresh.CONTENT_SECURITY_POLICY)
    assert "openstreetmap" not in policy and "https://" not in policy


def test_the_default_basemap_outside_the_tests_is_openstreetmap(monkeypatch):
    monkeypatch.delenv("PYTEST_VERSION")
    monkeypatch.delenv("MAP_BASEMAP", raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 50)

    fresh = load_settings(monkeypatch)

    assert fresh.MAP_BASEMAP == "osm"
    assert fresh.MAP_TILE_URL == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert (
        "https://tile.openstreetmap.org" in fresh.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    )


def test_an_unknown_basemap_stops_the_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="MAP_BASEMAP"):
        load_settings(monkeypatch, MAP_BASEMAP="google")


def test_a_tile_url_gives_its_scheme_and_host_as_the_policy_source():
    assert project_settings.tile_source("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert project_settings.tile_source("https://{s}.tile.example.fr/{z}/{x}/{y}.png") == (
        "https://*.tile.example.fr"
    )
    assert project_settings.tile_source("not a url") == ""
