"""Prospects across editions: which edition recruitment is for, who may own a
prospect, and carrying chosen prospects over to the next edition.

A prospect belongs to one edition, so a factory that refused last year starts this
year "to contact": carrying over copies it, its status, reason, registration, contacts
and follow-up date left behind.
"""

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from usines.accounts.models import Role, User
from usines.editions.models import Edition
from usines.outreach.models import Network, Prospect, ProspectStatus
from usines.outreach.services import OutreachError


def recruiting_edition() -> Edition | None:
    """The edition recruitment is for: the newest one, published or being prepared."""
    return Edition.objects.order_by("-year", "-pk").first()


def owners_for(network: Network) -> QuerySet[User]:
    """Who may own a prospect of `network`: its relays and the organisers."""
    return (
        User.objects.filter(Q(relay__network=network) | Q(role=Role.ORGANISER), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def _same_factory(prospect: Prospect) -> Q:
    if prospect.siret:
        return Q(siret=prospect.siret)
    return Q(siret="", company__iexact=prospect.company, commune_id=prospect.commune_id)


@transaction.atomic
def carry_over(prospects: QuerySet[Prospect], edition: Edition) -> int:
    """Copy `prospects` into `edition`, each "to contact" again with its owner, network
    and details; a factory already among that edition's prospects of the same network
    is skipped. Returns the number copied. Raises OutreachError when a prospect already
    belongs to `edition`."""
    chosen = list(prospects.select_related("network"))
    if any(prospect.edition_id == edition.pk for prospect in chosen):
        raise OutreachError(
            _("These prospects already belong to %(edition)s.") % {"edition": edition}
        )
    there = Prospect.objects.filter(edition=edition)
    copies, seen = [], set()
    for prospect in chosen:
        key = (
            prospect.network_id,
            prospect.siret or (prospect.company.lower(), prospect.commune_id),
        )
        if key in seen or there.filter(_same_factory(prospect), network=prospect.network).exists():
            continue
        seen.add(key)
        copies.append(
            Prospect(
                edition=edition,
                network=prospect.network,
                owner_id=prospect.owner_id,
                company=prospect.company,
                site_name=prospect.site_name,
                siret=prospect.siret,
                commune_id=prospect.commune_id,
                sector=prospect.sector,
                headcount_band=prospect.headcount_band,
                contact_name=prospect.contact_name,
                contact_email=prospect.contact_email,
                contact_phone=prospect.contact_phone,
                status=ProspectStatus.TO_CONTACT,
            )
        )
    Prospect.objects.bulk_create(copies)
    return len(copies)
