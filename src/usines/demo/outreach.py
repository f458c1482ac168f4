"""Demo outreach: two fictitious networks, prospects across France, a synthetic reference."""

import random

from django.db import transaction
from django.utils import timezone

from usines.outreach.models import Contact, Network, Prospect, ProspectStatus, RefusalReason
from usines.outreach.references import synthetic_reference
from usines.reference.models import Commune, HeadcountBand, NafCode, sector_of_division

NETWORKS = ["Réseau des anciens élèves (démo)", "Fédération industrielle régionale (démo)"]
STATUSES = [
    (ProspectStatus.TO_CONTACT, 40),
    (ProspectStatus.CONTACTED, 20),
    (ProspectStatus.INTERESTED, 10),
    (ProspectStatus.REFUSED, 25),
    (ProspectStatus.UNREACHABLE, 5),
]
WORDS = ["Ateliers", "Forges", "Manufacture", "Établissements", "Industries", "Usine"]
NAMES = ["du Lac", "de la Vallée", "des Pins", "du Moulin", "de l'Étang", "des Cimes", "du Port"]


@transaction.atomic
def generate_demo_outreach(rng: random.Random, edition, count: int = 400) -> int:
    Prospect.objects.filter(network__name__in=NETWORKS).delete()
    networks = [Network.objects.get_or_create(name=name)[0] for name in NETWORKS]
    communes = list(Commune.objects.filter(population__gte=3000).order_by("pk"))
    codes = list(NafCode.objects.filter(division__section_id="C").order_by("code"))
    bands = [band for band in HeadcountBand.values if band != HeadcountBand.NONE]
    statuses, weights = zip(*STATUSES, strict=True)
    prospects = []
    for index in range(count):
        naf = rng.choice(codes)
        status = rng.choices(statuses, weights)[0]
        prospects.append(
            Prospect(
                edition=edition,
                network=rng.choice(networks),
                company=f"{rng.choice(WORDS)} {rng.choice(NAMES)} {index} (démo)",
                commune=rng.choice(communes),
                sector=sector_of_division(naf.division_id),
                headcount_band=rng.choice(bands),
                contact_name="Contact fictif",
                status=status,
                refusal_reason=rng.choice(RefusalReason.values)
                if status == ProspectStatus.REFUSED
                else "",
            )
        )
    # About one factory in five came through a network.
    participations = edition.participations.select_related("site__company", "site__naf__division")
    for participation in participations.order_by("pk")[::5]:
        site = participation.site
        prospects.append(
            Prospect(
                edition=edition,
                network=rng.choice(networks),
                company=site.company.name,
                site_name=site.name,
                siret=site.siret,
                commune_id=site.commune_id,
                sector=site.naf.division.sector,
                headcount_band=site.headcount_band,
                contact_name="Contact fictif",
                status=ProspectStatus.REGISTERED,
                participation=participation,
            )
        )
    Prospect.objects.bulk_create(prospects)
    now = timezone.now()
    Contact.objects.bulk_create(
        Contact(
            prospect=prospect,
            outcome=prospect.status,
            refusal_reason=prospect.refusal_reason,
            created_at=now,
        )
        for prospect in Prospect.objects.filter(network__in=networks).exclude(
            status=ProspectStatus.TO_CONTACT
        )
    )
    synthetic_reference()
    return len(prospects)
