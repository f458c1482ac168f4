"""Importing prospects from a CSV file, in two steps: read it (every line with what is
wrong with it, nothing written), then, once the person has seen that every line is
right, import it in one transaction.

`import_prospects` reads the file again rather than trusting what the preview showed:
the rows it writes are the ones its own reading accepts, and a file with a single
wrong line writes nothing.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _
from stdnum.fr import siret as siret_number

from usines.accounts.models import User
from usines.editions.models import Edition
from usines.outreach.models import Network, Prospect
from usines.outreach.prospects import owners_for
from usines.outreach.services import OutreachError
from usines.reference.models import Commune, HeadcountBand, NafCode, sector_of_division

PROSPECT_COLUMNS = ["entreprise", "site", "siret", "code_commune", "code_naf", "tranche_effectif",
                    "contact", "email", "telephone", "responsable", "relance"]  # fmt: skip
REQUIRED_COLUMNS = PROSPECT_COLUMNS[:5]
MAX_LINES = 5000
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


@dataclass
class ImportLine:
    """One line of the file: the prospect it would create, or what is wrong with it."""

    number: int
    company: str
    place: str
    problems: list[str] = field(default_factory=list)
    prospect: Prospect | None = None


@dataclass
class ImportPreview:
    lines: list[ImportLine]

    @property
    def errors(self) -> list[ImportLine]:
        return [line for line in self.lines if line.problems]

    @property
    def ready(self) -> bool:
        """Something to import and nothing wrong."""
        return bool(self.lines) and not self.errors


def _follow_up(text: str) -> date | None:
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_prospects(
    text: str,
    edition: Edition,
    network: Network,
    owner: User | None,
    territory: set[str] | None = None,
) -> ImportPreview:
    """Every line of a ";"-separated CSV with the columns of PROSPECT_COLUMNS (the first
    five needed; SIRET, owner and follow-up date may be empty), each with its problems.
    `owner` owns the lines whose "responsable" is empty; a commune outside `territory`
    (department codes; None: anywhere) is refused. Raises OutreachError for a
    file without the needed columns or with more than MAX_LINES lines."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    names = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [column for column in REQUIRED_COLUMNS if column not in names]
    if missing:
        raise OutreachError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    reader.fieldnames = names
    rows = list(reader)
    if len(rows) > MAX_LINES:
        raise OutreachError(_("At most %(max)s lines per file: split it.") % {"max": MAX_LINES})
    communes = Commune.objects.in_bulk(
        {(row.get("code_commune") or "").strip() for row in rows}, field_name="pk"
    )
    naf_codes = NafCode.objects.in_bulk(
        {(row.get("code_naf") or "").strip().upper() for row in rows}, field_name="pk"
    )
    owners = {user.email.lower(): user for user in owners_for(network) if user.email}
    known = set(
        Prospect.objects.filter(edition=edition, network=network)
        .exclude(siret="")
        .values_list("siret", flat=True)
    )
    lines = []
    for number, row in enumerate(rows, start=2):
        value = {column: (row.get(column) or "").strip() for column in PROSPECT_COLUMNS}
        commune = communes.get(value["code_commune"])
        naf = naf_codes.get(value["code_naf"].upper())
        siret = siret_number.compact(value["siret"])
        line = ImportLine(number, value["entreprise"], commune.name if commune else "")
        if not value["entreprise"]:
            line.problems.append(_("no company name"))
        if commune is None:
            line.problems.append(_("unknown commune code"))
        elif territory is not None and commune.department_id not in territory:
            line.problems.append(_("commune outside your territory"))
        if naf is None:
            line.problems.append(_("unknown NAF code"))
        if siret and not siret_number.is_valid(siret):
            line.problems.append(_("invalid SIRET"))
        elif siret in known:
            line.problems.append(_("SIRET already among this edition's prospects"))
        if value["tranche_effectif"] and value["tranche_effectif"] not in HeadcountBand.values:
            line.problems.append(_("unknown headcount band"))
        line_owner = owners.get(value["responsable"].lower()) if value["responsable"] else owner
        if value["responsable"] and line_owner is None:
            line.problems.append(_("the owner is neither a relay of this network nor an organiser"))
        follow_up = None
        try:
            follow_up = _follow_up(value["relance"]) if value["relance"] else None
        except ValueError:
            line.problems.append(_("follow-up date not as 2027-03-15 or 15/03/2027"))
        if not line.problems:
            if siret:
                known.add(siret)
            line.prospect = Prospect(
                edition=edition,
                network=network,
                owner=line_owner,
                company=value["entreprise"][:200],
                site_name=value["site"][:200],
                siret=siret,
                commune=commune,
                sector=sector_of_division(naf.division_id),
                headcount_band=value["tranche_effectif"],
                contact_name=value["contact"][:150],
                contact_email=value["email"][:254],
                contact_phone=value["telephone"][:30],
                follow_up_on=follow_up,
            )
        lines.append(line)
    return ImportPreview(lines)


@transaction.atomic
def import_prospects(
    text: str,
    edition: Edition,
    network: Network,
    owner: User | None,
    territory: set[str] | None = None,
) -> int:
    """Write the file's prospects, all or none: the number written. Raises
    OutreachError when any line is wrong (or the file is), writing nothing."""
    preview = read_prospects(text, edition, network, owner, territory)
    if not preview.ready:
        raise OutreachError(_("Some lines are wrong: correct the file and send it again."))
    Prospect.objects.bulk_create(line.prospect for line in preview.lines)
    return len(preview.lines)
