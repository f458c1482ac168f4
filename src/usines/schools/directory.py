"""Import the national school directory (Éducation nationale, "Annuaire de l'éducation").

The open-data CSV (data.education.gouv.fr, dataset fr-en-annuaire-education) is
separated by ";" and has, among others, these columns, used here:

    Identifiant_de_l_etablissement  the UAI code, e.g. 0740003B
    Nom_etablissement               the school's name
    Type_etablissement              Collège, Lycée, …
    Adresse_1                       street address
    Code_postal                     postcode
    Code_commune                    INSEE code of the commune
    Nom_commune                     commune name
    latitude, longitude             WGS84 degrees (may be empty)

Rows whose UAI fails its check letter are skipped and counted. Importing again
updates the schools in place.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from usines.reference.models import Commune
from usines.reference.text import normalise
from usines.schools.models import School, is_valid_uai

COLUMNS = {
    "uai": "Identifiant_de_l_etablissement",
    "name": "Nom_etablissement",
    "kind": "Type_etablissement",
    "address": "Adresse_1",
    "postcode": "Code_postal",
    "insee": "Code_commune",
    "city": "Nom_commune",
    "latitude": "latitude",
    "longitude": "longitude",
}
# Read when the file has it (the national directory does): the school's official
# address, which confirms its teachers.
EMAIL_COLUMN = "Mail"


@dataclass
class ImportReport:
    imported: int = 0
    skipped: int = 0


def _float(text: str) -> float | None:
    try:
        return float((text or "").replace(",", "."))
    except ValueError:
        return None


def _email(text: str | None) -> str:
    """The school's address if it is one, else nothing (the directory has blanks)."""
    text = (text or "").strip().lower()
    try:
        validate_email(text)
    except ValidationError:
        return ""
    return text[:254]


@transaction.atomic
def import_directory(handle: io.TextIOBase) -> ImportReport:
    reader = csv.DictReader(handle, delimiter=";")
    missing = [column for column in COLUMNS.values() if column not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"missing columns: {', '.join(missing)}")
    communes = set(Commune.objects.values_list("insee_code", flat=True))
    report = ImportReport()
    for row in reader:
        uai = (row[COLUMNS["uai"]] or "").strip().upper()
        if not is_valid_uai(uai):
            report.skipped += 1
            continue
        insee = (row[COLUMNS["insee"]] or "").strip()
        School.objects.update_or_create(
            uai=uai,
            defaults={
                "name": row[COLUMNS["name"]].strip()[:200],
                "kind": row[COLUMNS["kind"]].strip()[:60],
                "address": row[COLUMNS["address"]].strip()[:250],
                "postcode": row[COLUMNS["postcode"]].strip()[:5],
                "city": row[COLUMNS["city"]].strip()[:100],
                "commune_id": insee if insee in communes else None,
                "latitude": _float(row[COLUMNS["latitude"]]),
                "longitude": _float(row[COLUMNS["longitude"]]),
                "email": _email(row.get(EMAIL_COLUMN)),
            },
        )
        report.imported += 1
    return report


def search_schools(text: str, limit: int = 10) -> list[School]:
    text = (text or "").strip()[:80]
    if len(text) < 2:
        return []
    code = text.upper()
    if code[:1].isdigit():
        return list(School.objects.filter(uai__startswith=code).order_by("uai")[:limit])
    schools = School.objects.all()
    words = normalise(text).split()[:6]
    if not words:
        return []
    for word in words:
        schools = schools.filter(search_name__contains=word)
    return list(schools.order_by("name")[:limit])
