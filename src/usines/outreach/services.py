"""Recruitment: prospects and their contacts, the link to a registration, and the
panel-versus-reference comparison that says whom to canvass next."""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from stdnum.fr import siret as siret_number

from usines.accounts.models import User
from usines.errors import DomainError
from usines.factories.models import Participation, ParticipationStatus
from usines.outreach import representativeness
from usines.outreach.models import (
    Contact,
    Network,
    Prospect,
    ProspectStatus,
    ReferenceCount,
    RefusalReason,
)
from usines.reference.models import (
    SIZE_BANDS,
    Commune,
    NafCode,
    sector_of_division,
)


class OutreachError(DomainError):
    code = "outreach_error"


def size_of_band(band: str) -> str:
    return next((size for size, bands in SIZE_BANDS.items() if band in bands), "")


@transaction.atomic
def log_contact(
    prospect: Prospect, relay: User, outcome: str, reason: str = "", note: str = ""
) -> Contact:
    """Record an exchange; the prospect takes its outcome as status. A refusal needs
    its reason; a registration is recorded by the site's own registration."""
    if outcome not in ProspectStatus.values or outcome == ProspectStatus.REGISTERED:
        raise OutreachError(_("Choose what came of the contact."))
    if outcome == ProspectStatus.REFUSED and reason not in RefusalReason.values:
        raise OutreachError(_("Say why the factory refused: it is what the next edition learns."))
    if outcome != ProspectStatus.REFUSED:
        reason = ""
    contact = Contact.objects.create(
        prospect=prospect, relay=relay, outcome=outcome, refusal_reason=reason, note=note
    )
    Prospect.objects.filter(pk=prospect.pk).update(status=outcome, refusal_reason=reason)
    if prospect.owner_id is None:
        Prospect.objects.filter(pk=prospect.pk).update(owner=relay)
    prospect.refresh_from_db()
    return contact


def link_registration(participation: Participation) -> int:
    """A site registering with a prospect's SIRET turns that prospect "registered"."""
    return Prospect.objects.filter(siret=participation.site.siret).update(
        status=ProspectStatus.REGISTERED, refusal_reason="", participation=participation
    )


@dataclass
class ImportReport:
    created: int = 0
    errors: list[str] = field(default_factory=list)


PROSPECT_COLUMNS = ["entreprise", "site", "siret", "code_commune", "code_naf", "tranche_effectif",
                    "contact", "email", "telephone"]  # fmt: skip


@transaction.atomic
def import_prospects(network: Network, text: str, owner: User | None = None) -> ImportReport:
    """Prospects from a ";"-separated CSV with the columns of PROSPECT_COLUMNS (the
    first five are needed; SIRET may be empty). Each bad line is reported, none
    half-imported: the whole file is refused when any line is wrong."""
    reader = csv.DictReader(io.StringIO(text), delimiter=";")
    missing = [c for c in PROSPECT_COLUMNS[:5] if c not in (reader.fieldnames or [])]
    if missing:
        raise OutreachError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    report = ImportReport()
    prospects = []
    communes = {}
    for line, row in enumerate(reader, start=2):
        commune = (
            communes.get(row["code_commune"])
            or Commune.objects.filter(pk=(row["code_commune"] or "").strip()).first()
        )
        naf = NafCode.objects.filter(code=(row["code_naf"] or "").strip().upper()).first()
        number = siret_number.compact(row.get("siret") or "")
        problems = []
        if not (row["entreprise"] or "").strip():
            problems.append(_("no company name"))
        if commune is None:
            problems.append(_("unknown commune code"))
        if naf is None:
            problems.append(_("unknown NAF code"))
        if number and not siret_number.is_valid(number):
            problems.append(_("invalid SIRET"))
        if problems:
            report.errors.append(_("Line %(line)s: %(problems)s.") % {"line": line,
                                 "problems": ", ".join(problems)})  # fmt: skip
            continue
        communes[commune.pk] = commune
        prospects.append(
            Prospect(
                network=network,
                owner=owner,
                company=row["entreprise"].strip()[:200],
                site_name=(row.get("site") or "").strip()[:200],
                siret=number,
                commune=commune,
                sector=sector_of_division(naf.division_id),
                headcount_band=(row.get("tranche_effectif") or "").strip()[:2],
                contact_name=(row.get("contact") or "").strip()[:150],
                contact_email=(row.get("email") or "").strip()[:254],
                contact_phone=(row.get("telephone") or "").strip()[:30],
            )
        )
    if report.errors:
        return report
    Prospect.objects.bulk_create(prospects)
    report.created = len(prospects)
    return report


# --- The panel and its reference ------------------------------------------------------

DIMENSIONS = ("region", "sector", "size")
PANEL_STATUSES = (
    ParticipationStatus.SUBMITTED,
    ParticipationStatus.APPROVED,
    ParticipationStatus.PUBLISHED,
)


def panel_counts(participations) -> dict[str, dict[str, int]]:
    """The participating sites counted by region, sector group and size group."""
    rows = (
        participations.filter(status__in=PANEL_STATUSES)
        .order_by()
        .values_list(
            "site__commune__department__region_id",
            "site__naf__division__sector",
            "site__headcount_band",
        )
        .annotate(n=Count("pk"))
    )
    counts = {dimension: Counter() for dimension in DIMENSIONS}
    for region, sector, band, n in rows:
        counts["region"][region] += n
        counts["sector"][sector] += n
        counts["size"][size_of_band(band)] += n
    return {dimension: dict(counter) for dimension, counter in counts.items()}


def reference_counts() -> dict[str, dict[str, int]]:
    counts = {dimension: Counter() for dimension in DIMENSIONS}
    for region, sector, size, n in ReferenceCount.objects.values_list(
        "region_id", "sector", "size", "establishments"
    ):
        if region and sector:
            counts["region"][region] += n
            counts["sector"][sector] += n
        elif size:
            counts["size"][size] += n
    return {dimension: dict(counter) for dimension, counter in counts.items()}


@dataclass
class Comparison:
    dimension: str
    gaps: list[representativeness.Gap]
    index: float


def compare(participations) -> list[Comparison]:
    panel, reference = panel_counts(participations), reference_counts()
    return [
        Comparison(
            dimension,
            representativeness.gaps(panel[dimension], reference[dimension]),
            round(representativeness.dissimilarity(panel[dimension], reference[dimension]), 3),
        )
        for dimension in DIMENSIONS
        if reference[dimension]
    ]


def canvass_next(participations, prospects, limit: int = 20) -> list[tuple[Prospect, float]]:
    """Open prospects ranked by how much their joining would close the gaps, with
    that reduction of the dissimilarity indexes in points."""
    open_prospects = list(
        prospects.filter(
            status__in=(
                ProspectStatus.TO_CONTACT,
                ProspectStatus.CONTACTED,
                ProspectStatus.INTERESTED,
            )
        ).select_related("commune__department", "network")
    )
    candidates = [
        (
            prospect.pk,
            {
                "region": prospect.commune.department.region_id,
                "sector": prospect.sector,
                "size": size_of_band(prospect.headcount_band),
            },
        )
        for prospect in open_prospects
    ]
    ranked = representativeness.rank(candidates, panel_counts(participations), reference_counts())
    by_id = {prospect.pk: prospect for prospect in open_prospects}
    return [(by_id[pk], round(100 * score, 2)) for pk, score in ranked[:limit]]
