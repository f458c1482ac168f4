"""Load the packaged reference files into the database, idempotently.

Each table is upserted in bulk (`bulk_create(update_conflicts=True)`), so a second
run changes nothing and a new release of the files updates names and coordinates in
place without touching the sites that point to them.
"""

import csv
import gzip
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from usines.reference.models import (
    Commune,
    Department,
    Job,
    JobCode,
    NafCode,
    NafDivision,
    NafSection,
    Postcode,
    Region,
    sector_of_division,
)
from usines.reference.text import normalise

DATA_DIR = Path(__file__).resolve().parent / "data"
BATCH = 2000


@dataclass
class LoadReport:
    regions: int
    departments: int
    communes: int
    postcodes: int
    naf_codes: int


def _rows(name: str) -> list[dict[str, str]]:
    path = DATA_DIR / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _upsert(model, objects: list, fields: list[str]) -> None:
    model.objects.bulk_create(
        objects,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=[model._meta.pk.name],
        update_fields=fields,
    )


@transaction.atomic
def load_reference_data() -> LoadReport:
    """Load regions, departments, communes, postcodes and NAF codes; safe to re-run."""
    regions = [
        Region(code=row["code"], name=row["name"], slug=slugify(row["name"]))
        for row in _rows("regions.csv")
    ]
    _upsert(Region, regions, ["name", "slug"])
    departments = [
        Department(
            code=row["code"],
            name=row["name"],
            slug=f"{row['code'].lower()}-{slugify(row['name'])}",
            region_id=row["region"],
        )
        for row in _rows("departments.csv")
    ]
    _upsert(Department, departments, ["name", "slug", "region"])

    commune_rows = _rows("communes.csv.gz")
    communes = [
        Commune(
            insee_code=row["insee_code"],
            name=row["name"],
            search_name=normalise(row["name"]),
            department_id=row["department"],
            population=int(row["population"] or 0),
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            coordinate_precision=row["precision"],
        )
        for row in commune_rows
    ]
    _upsert(
        Commune,
        communes,
        [
            "name",
            "search_name",
            "department",
            "population",
            "latitude",
            "longitude",
            "coordinate_precision",
        ],
    )
    wanted = {
        (code, row["insee_code"]) for row in commune_rows for code in row["postcodes"].split()
    }
    existing = set(Postcode.objects.values_list("code", "commune_id"))
    Postcode.objects.bulk_create(
        [Postcode(code=code, commune_id=insee) for code, insee in sorted(wanted - existing)],
        batch_size=BATCH,
    )
    for code, insee in existing - wanted:
        Postcode.objects.filter(code=code, commune_id=insee).delete()

    naf_rows = _rows("naf.csv")
    english = {(r["level"], r["code"]): r["label_en"] for r in _rows("naf_en.csv")}
    _upsert(
        NafSection,
        [
            NafSection(
                code=r["code"], label=r["label"], label_en=english.get(("section", r["code"]), "")
            )
            for r in naf_rows
            if r["level"] == "section"
        ],
        ["label", "label_en"],
    )
    _upsert(
        NafDivision,
        [
            NafDivision(
                code=r["code"],
                label=r["label"],
                label_en=english.get(("division", r["code"]), ""),
                section_id=r["parent"],
                sector=sector_of_division(r["code"]),
            )
            for r in naf_rows
            if r["level"] == "division"
        ],
        ["label", "label_en", "section", "sector"],
    )
    codes = [
        NafCode(code=r["code"], label=r["label"], division_id=r["parent"])
        for r in naf_rows
        if r["level"] == "code"
    ]
    _upsert(NafCode, codes, ["label", "division"])
    load_jobs()
    return LoadReport(
        regions=len(regions),
        departments=len(departments),
        communes=len(communes),
        postcodes=len(wanted),
        naf_codes=len(codes),
    )


def load_jobs() -> None:
    """Mirror the JobCode list in its table, in the list's order."""
    _upsert(
        Job,
        [Job(code=code, position=index) for index, code in enumerate(JobCode.values)],
        ["position"],
    )
