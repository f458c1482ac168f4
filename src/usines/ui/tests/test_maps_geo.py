"""The packaged map layers: every department's outline, Mayotte's included, and the
names of the larger communes for maps drawn without a basemap."""

import csv
import gzip
import json
from pathlib import Path

from django.conf import settings

GEO = Path(settings.BASE_DIR) / "ui" / "static" / "geo"
REFERENCE = Path(settings.BASE_DIR) / "reference" / "data"


def codes(name: str) -> set[str]:
    layer = json.loads((GEO / name).read_text(encoding="utf-8"))
    return {feature["properties"]["code"] for feature in layer["features"]}


def reference(name: str) -> list[dict]:
    opener = gzip.open if name.endswith(".gz") else open
    with opener(REFERENCE / name, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_department_and_region_has_an_outline_mayotte_included():
    assert codes("departements.geojson") == {row["code"] for row in reference("departments.csv")}
    assert codes("regions.geojson") == {row["code"] for row in reference("regions.csv")}
    assert "976" in codes("departements.geojson") and "06" in codes("regions.geojson")


def test_every_commune_of_50_000_inhabitants_is_named_most_populous_first():
    towns = json.loads((GEO / "towns.json").read_text(encoding="utf-8"))
    large = {
        row["name"] for row in reference("communes.csv.gz") if int(row["population"] or 0) >= 50_000
    }

    assert large <= {name for name, _population, _lat, _lon in towns}
    assert "Mamoudzou" in large  # Mayotte's largest commune
    populations = [population for _name, population, _lat, _lon in towns]
    assert populations == sorted(populations, reverse=True)
