"""Recruitment: prospects and their contacts, the link to a registration, and the
panel-versus-reference comparison that says whom to canvass next."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

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
    Relay,
)
from usines.reference.models import (
    SIZE_BANDS,
)


class OutreachError(DomainError):
    code = "outreach_error"


def size_of_band(band: str) -> str:
    return next((size for size, bands in SIZE_BANDS.items() if band in bands), "")


@transaction.atomic
def log_contact(
    prospect: Prospect,
    relay: User,
    outcome: str,
    reason: str = "",
    note: str = "",
    follow_up_on: date | None = None,
) -> Contact:
    """Record an exchange; the prospect takes its outcome as status, and the date to
    follow it up (none: nothing planned). A refusal needs its reason; a registration
    is recorded by the site's own registration."""
    if outcome not in ProspectStatus.values or outcome == ProspectStatus.REGISTERED:
        raise OutreachError(_("Choose what came of the contact."))
    if outcome == ProspectStatus.REFUSED and reason not in RefusalReason.values:
        raise OutreachError(_("Say why the factory refused: it is what the next edition learns."))
    if outcome != ProspectStatus.REFUSED:
        reason = ""
    contact = Contact.objects.create(
        prospect=prospect, relay=relay, outcome=outcome, refusal_reason=reason, note=note
    )
    Prospect.objects.filter(pk=prospect.pk).update(
        status=outcome, refusal_reason=reason, follow_up_on=follow_up_on
    )
    if prospect.owner_id is None:
        Prospect.objects.filter(pk=prospect.pk).update(owner=relay)
    prospect.refresh_from_db()
    return contact


def link_registration(participation: Participation) -> int:
    """A site registering with a prospect's SIRET turns that prospect of the same
    edition "registered"."""
    return Prospect.objects.filter(
        siret=participation.site.siret, edition_id=participation.edition_id
    ).update(status=ProspectStatus.REGISTERED, refusal_reason="", participation=participation)


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


# --- Relays ---------------------------------------------------------------------------


@transaction.atomic
def attach_relay(user: User, network: Network, departments) -> Relay:
    """`user` canvasses for `network` in `departments` (a relay works for one network:
    a later invitation replaces the earlier one)."""
    relay, _created = Relay.objects.update_or_create(user=user, defaults={"network": network})
    relay.departments.set(departments)
    return relay


def detach_relay(relay: Relay) -> None:
    """The relay no longer canvasses; the prospects it owned keep it as owner, for the
    record, until an organiser gives them to someone else."""
    relay.delete()
