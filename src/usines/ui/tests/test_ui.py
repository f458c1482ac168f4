"""What every page shares: the static files, the current edition, the map settings."""

import json

import pytest
from django.core.management import call_command
from django.http import Http404

from usines.testsupport import EditionDayFactory
from usines.ui.maps import map_settings
from usines.ui.shortcuts import current_edition_or_404

pytestmark = pytest.mark.django_db


def test_static_files_build_for_production(tmp_path, settings):
    """`make demo` and production run collectstatic with hashed, compressed names:
    every vendored file must resolve, source maps included."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    manifest = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/leaflet/leaflet.js", "js/map.js", "geo/departements.geojson"):
        assert name in manifest


def test_no_published_edition_is_a_404_then_the_edition_is_found():
    with pytest.raises(Http404):
        current_edition_or_404()

    day = EditionDayFactory()

    assert current_edition_or_404() == day.edition


def test_the_map_settings_point_at_the_outlines_and_the_factory_pages():
    values = map_settings(sites="/x.geojson", place=None, radius_km=None)

    assert values["sites"] == "/x.geojson" and values["near"] is None
    assert values["departments"].endswith("geo/departements.geojson")
    assert values["site_url"] == "/usine/0/"
