"""The hosts: companies and their sites at real communes, each site's participation
and visit (jobs shown, accessibility) with its slots, the registration history and
a few visits left for moderation.

Sites are spread over every region and weighted by population; sectors follow NAF
divisions 10–33 in proportions close to France's employer manufacturing
establishments; sizes lean to the larger bands that open their doors.
"""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from stdnum import luhn

from usines.demo.vocabulary import BANDS, BATCH, RULES, SECTORS, SURNAMES
from usines.editions.models import Audience, Edition
from usines.factories.models import (
    Company,
    NoiseLevel,
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
    Site,
    Slot,
    Visit,
    site_search_text,
    visit_search_text,
)
from usines.reference.models import Commune, JobCode, NafCode, Region


def siret_for(index: int) -> tuple[str, str]:
    """Valid but unassigned numbers: SIRENs of the 000 series are not attributed."""
    body = f"000{index:05d}"
    siren = body + luhn.calc_check_digit(body)
    establishment = siren + "0001"
    return siren, establishment + luhn.calc_check_digit(establishment)


def pick_communes(rng: random.Random, count: int) -> list[Commune]:
    """At least two sites per region, the rest weighted by population."""
    candidates = list(
        Commune.objects.filter(population__gte=1500).select_related("department").order_by("pk")
    )
    by_region: dict[str, list[Commune]] = {}
    for commune in candidates:
        by_region.setdefault(commune.department.region_id, []).append(commune)
    chosen: list[Commune] = []
    for region in Region.objects.order_by("code"):
        pool = by_region.get(region.code, [])
        chosen.extend(rng.sample(pool, min(2, len(pool), max(count - len(chosen), 0))))
    weights = [commune.population**0.6 for commune in candidates]
    chosen.extend(rng.choices(candidates, weights=weights, k=max(count - len(chosen), 0)))
    return chosen[:count]


def naf_codes_by_division() -> dict[str, list[NafCode]]:
    codes: dict[str, list[NafCode]] = {}
    for code in NafCode.objects.filter(division__section_id="C").select_related("division"):
        codes.setdefault(code.division_id, []).append(code)
    return codes


def create_sites(rng: random.Random, count: int) -> list[tuple[int, str]]:
    """`count` companies with one site each; returns (site id, NAF division) by SIRET."""
    communes = pick_communes(rng, count)
    naf = naf_codes_by_division()
    divisions = list(SECTORS)
    sector_weights = [SECTORS[d][0] for d in divisions]
    band_values = [band for band, _ in BANDS]
    band_weights = [weight for _, weight in BANDS]

    companies, sites = [], []
    for index, commune in enumerate(communes, start=1):
        division = rng.choices(divisions, weights=sector_weights)[0]
        kind = rng.choice(SECTORS[division][1])
        name = f"{kind} {rng.choice(SURNAMES)} (démo)"
        siren, siret = siret_for(index)
        companies.append(Company(siren=siren, name=name))
        jitter = 0.02 if commune.coordinate_precision == "place" else 0.05
        sites.append(
            Site(
                siret=siret,
                name=name,
                address=f"{rng.randint(1, 120)} rue de l'Industrie",
                postcode="",
                commune=commune,
                latitude=commune.latitude + rng.uniform(-jitter, jitter),
                longitude=commune.longitude + rng.uniform(-jitter, jitter),
                naf=rng.choice(naf[division]),
                headcount_band=rng.choices(band_values, weights=band_weights)[0],
                products=kind.lower(),
                description=f"Site fictif de démonstration à {commune.name}.",
            )
        )
    postcodes = dict(
        Commune.objects.filter(pk__in={c.pk for c in communes}).values_list("pk", "postcodes__code")
    )
    for site in sites:
        site.postcode = postcodes.get(site.commune_id) or "00000"
        site.search_text = site_search_text(site)
    Company.objects.bulk_create(companies, batch_size=BATCH)
    company_ids = dict(
        Company.objects.filter(siren__in=[c.siren for c in companies]).values_list("siren", "pk")
    )
    for company, site in zip(companies, sites, strict=True):
        site.company_id = company_ids[company.siren]
    Site.objects.bulk_create(sites, batch_size=BATCH)
    return list(
        Site.objects.filter(siret__in=[s.siret for s in sites])
        .order_by("siret")
        .values_list("pk", "naf__division_id")
    )


def open_visits(
    rng: random.Random, edition: Edition, sites: list[tuple[int, str]]
) -> list[tuple[int, int]]:
    """A published participation and its visit for each (site id, division), showing
    what the sector makes; returns (visit id, duration in minutes)."""
    Participation.objects.bulk_create(
        [
            Participation(site_id=pk, edition=edition, status=ParticipationStatus.PUBLISHED)
            for pk, _ in sites
        ],
        batch_size=BATCH,
    )
    participations = list(
        Participation.objects.filter(edition=edition).order_by("pk").values_list("pk", "site_id")
    )
    division_of = dict(sites)

    def shows_of(site_id: int) -> str:
        return SECTORS[division_of[site_id]][2]

    visits = []
    for pk, site_id in participations:
        rules, rules_text = rng.choice(RULES)
        visit = Visit(
            participation_id=pk,
            title=f"Au cœur de l'atelier : {shows_of(site_id).split(',')[0]}",
            description=f"Découvrez {shows_of(site_id)} et rencontrez "
            "les femmes et les hommes qui y travaillent.",
            duration_minutes=rng.choice([60, 90, 120]),
            minimum_age=rng.choice([0, 0, 8, 10, 12, 14]),
            rules=rules_text,
            meeting_point="Accueil principal",
            **rules,
            **_accessibility(rng),
        )
        visit.search_text = visit_search_text(visit)
        visits.append(visit)
    Visit.objects.bulk_create(visits, batch_size=BATCH)
    visits = list(
        Visit.objects.filter(participation__edition=edition).values_list("pk", "duration_minutes")
    )
    Visit.jobs.through.objects.bulk_create(
        [
            Visit.jobs.through(visit_id=visit_id, job_id=job)
            for visit_id, _ in visits
            for job in _jobs(rng)
        ],
        batch_size=BATCH,
    )
    return visits


def _jobs(rng: random.Random) -> list[str]:
    """Production operators everywhere, and two to five other jobs."""
    others = [code for code in JobCode.values if code != JobCode.OPERATOR]
    return [JobCode.OPERATOR, *rng.sample(others, rng.randint(2, 5))]


def _accessibility(rng: random.Random) -> dict:
    wheelchair = rng.random() < 0.45
    return {
        "wheelchair_access": wheelchair,
        "step_free": wheelchair or rng.random() < 0.15,
        "hearing_support": rng.random() < 0.10,
        "visual_support": rng.random() < 0.08,
        "standing_minutes": rng.choice([None, 20, 30, 45, 60, 90]),
        "noise_level": rng.choices(
            [NoiseLevel.LOW, NoiseLevel.MODERATE, NoiseLevel.HIGH], weights=[25, 50, 25]
        )[0],
    }


def create_slots(rng: random.Random, edition: Edition, visits: list[tuple[int, int]]) -> int:
    """One to eight slots per visit and day from 9:00, larger on the public day;
    returns how many."""
    tz = timezone.get_current_timezone()
    days = {day.audience: day for day in edition.days.all()}
    slots = []
    for visit_id, duration in visits:
        for audience, day in days.items():
            start = datetime.combine(day.date, time(9, 0), tz)
            for _ in range(rng.randint(1, 8)):
                capacity = (
                    rng.randint(25, 60)
                    if audience == Audience.SCHOOL
                    else rng.choice([20, 30, 40, 50, 60, 80])
                )
                slots.append(
                    Slot(
                        visit_id=visit_id,
                        day=day,
                        audience=audience,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=duration),
                        capacity=capacity,
                    )
                )
                start += timedelta(minutes=rng.choice([45, 60, 90]))
    Slot.objects.bulk_create(slots, batch_size=BATCH)
    return len(slots)


def date_registrations(rng: random.Random, edition: Edition) -> None:
    """Registrations spread over the last 60 days (faster at first, as when partner
    networks start canvassing), each approved and published a few days later."""
    now = timezone.now()
    participations = list(Participation.objects.filter(edition=edition).order_by("pk"))
    events, times = [], []
    for participation in participations:
        registered = now - timedelta(days=60 * rng.random() ** 0.7, hours=rng.uniform(0, 8))
        participation.created_at = registered
        for action, delay in (
            (ParticipationAction.REGISTERED, 0),
            (ParticipationAction.SUBMITTED, rng.uniform(0.1, 2)),
            (ParticipationAction.APPROVED, rng.uniform(2, 6)),
            (ParticipationAction.PUBLISHED, rng.uniform(6, 9)),
        ):
            events.append(ParticipationEvent(participation=participation, action=action))
            times.append(min(registered + timedelta(days=delay), now))
    Participation.objects.bulk_update(participations, ["created_at"], batch_size=BATCH)
    made = ParticipationEvent.objects.bulk_create(events, batch_size=BATCH)
    for event, when in zip(made, times, strict=True):
        event.created_at = when  # bulk_create stamped them now
    ParticipationEvent.objects.bulk_update(made, ["created_at"], batch_size=BATCH)


def hold_for_moderation(rng: random.Random, edition: Edition, wanted: int) -> int:
    """A few visits still waiting for approval (not bookable), so organisers have a queue."""
    every = list(
        Participation.objects.filter(edition=edition).order_by("pk").values_list("pk", flat=True)
    )
    chosen = rng.sample(every, min(wanted, len(every)))
    now = timezone.now()
    Participation.objects.filter(pk__in=chosen).update(
        status=ParticipationStatus.SUBMITTED, submitted_at=now
    )
    ParticipationEvent.objects.filter(
        participation_id__in=chosen,
        action__in=(ParticipationAction.APPROVED, ParticipationAction.PUBLISHED),
    ).delete()
    return len(chosen)
