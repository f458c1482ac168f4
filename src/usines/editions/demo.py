"""A realistic, visibly fictitious national edition for demonstrations and benchmarks.

Deterministic for a given seed: the same factories, slots and bookings every time
(only secret tokens differ). Sites sit at real communes, spread over every region
and weighted by population; sectors follow NAF divisions 10–33 in proportions close
to France's employer manufacturing establishments; sizes lean to the larger bands
that open their doors. Everything is written in bulk so that 10 000 factories and
1 000 000 bookings take minutes.
"""

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone
from stdnum import luhn

from usines.accounts.models import Role, User
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry
from usines.editions.models import (
    Audience,
    Edition,
    EditionDay,
    Phase,
    PhaseKind,
    Target,
    TargetMetric,
)
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
)
from usines.reference.models import Commune, HeadcountBand, JobCode, NafCode, Region
from usines.schools.models import ClassGroup, CoachRequest, School, Track, uai_check_letter

DEMO_SLUG_PREFIX = "demo-"
BATCH = 5000

# Division -> (weight, words for the factory's name, what the visit shows)
SECTORS = {
    "10": (
        20,
        ["Biscuiterie", "Fromagerie", "Chocolaterie", "Conserverie", "Boulangerie industrielle"],
        "la transformation des matières premières, l'hygiène, le conditionnement",
    ),
    "11": (
        4,
        ["Brasserie", "Distillerie", "Cidrerie"],
        "le brassage, la fermentation, l'embouteillage",
    ),
    "13": (2, ["Tissage", "Filature"], "les métiers à tisser et le contrôle qualité des fils"),
    "14": (2, ["Atelier de confection"], "la coupe, la couture et les finitions"),
    "15": (1, ["Maroquinerie", "Ganterie"], "la coupe du cuir et le piquage à la main"),
    "16": (6, ["Scierie", "Menuiserie industrielle"], "le sciage, le séchage et l'usinage du bois"),
    "17": (1.5, ["Cartonnerie", "Papeterie"], "la fabrication du papier et du carton ondulé"),
    "18": (5, ["Imprimerie"], "les presses offset et numériques, la reliure"),
    "20": (
        3,
        ["Chimie", "Laboratoire cosmétique"],
        "les réacteurs, les salles blanches, la sécurité",
    ),
    "21": (1, ["Laboratoire pharmaceutique"], "la production stérile et le contrôle qualité"),
    "22": (4, ["Plasturgie", "Injection plastique"], "les presses à injecter et l'extrusion"),
    "23": (4, ["Verrerie", "Tuilerie", "Cimenterie"], "les fours, le moulage et la cuisson"),
    "24": (1, ["Aciérie", "Fonderie"], "la coulée du métal et le laminage"),
    "25": (
        15,
        ["Mécanique de précision", "Chaudronnerie", "Décolletage", "Traitement de surface"],
        "l'usinage à commande numérique, la soudure, la métrologie",
    ),
    "26": (2, ["Électronique"], "le montage de cartes électroniques et les tests"),
    "27": (2, ["Équipements électriques"], "le bobinage, l'assemblage et les essais"),
    "28": (
        5,
        ["Machines spéciales", "Robotique industrielle"],
        "la conception et le montage de machines",
    ),
    "29": (2, ["Équipementier automobile"], "les lignes d'assemblage et la robotique"),
    "30": (
        1.5,
        ["Aéronautique", "Chantier naval", "Ferroviaire"],
        "l'assemblage de grands ensembles",
    ),
    "31": (4, ["Fabrique de meubles"], "le ponçage, le vernissage et l'assemblage"),
    "32": (
        5,
        ["Lunetterie", "Fabrique de jouets", "Instruments de musique"],
        "les savoir-faire d'art",
    ),
    "33": (10, ["Maintenance industrielle"], "la réparation et l'installation de machines"),
}
BANDS = [
    (HeadcountBand.FROM_10, 10),
    (HeadcountBand.FROM_20, 20),
    (HeadcountBand.FROM_50, 20),
    (HeadcountBand.FROM_100, 18),
    (HeadcountBand.FROM_200, 7),
    (HeadcountBand.FROM_250, 12),
    (HeadcountBand.FROM_500, 8),
    (HeadcountBand.FROM_1000, 5),
]
SURNAMES = [
    "Aubrac",
    "Bellerive",
    "Castelmaure",
    "Dorval",
    "Estagel",
    "Fontbrune",
    "Granval",
    "Hautefeuille",
    "Isoard",
    "Jaunay",
    "Kerbrat",
    "Lormont",
    "Montcalm",
    "Noirval",
    "Orsenne",
    "Peyrolles",
    "Quenneville",
    "Roquemaure",
    "Saint-Aulaye",
    "Tournemire",
    "Urbanie",
    "Valcourt",
    "Warlincourt",
    "Ygrande",
    "Zonzac",
]
FIRST_NAMES = [
    "Camille",
    "Léa",
    "Hugo",
    "Manon",
    "Lucas",
    "Chloé",
    "Nathan",
    "Inès",
    "Jules",
    "Sarah",
    "Louis",
    "Jade",
    "Adam",
    "Emma",
    "Gabriel",
    "Lina",
    "Arthur",
    "Zoé",
    "Noah",
    "Alice",
]
RULES = [
    "Chaussures fermées obligatoires. Photos interdites dans les ateliers.",
    "Pièce d'identité demandée à l'entrée. Équipements de protection fournis.",
    "Chaussures fermées obligatoires. Cheveux longs attachés.",
    "Bouchons d'oreille fournis. Pas de sandales.",
]


@dataclass
class DemoReport:
    edition: Edition
    factories: int
    slots: int
    bookings: int
    waitlisted: int


def next_edition_dates(today: date) -> tuple[date, date]:
    """The Friday (schools) and Saturday (public) of the third week of March ahead."""
    year = today.year if today < date(today.year, 2, 1) else today.year + 1
    first_march = date(year, 3, 1)
    first_friday = first_march + timedelta(days=(4 - first_march.weekday()) % 7)
    friday = first_friday + timedelta(weeks=2)
    return friday, friday + timedelta(days=1)


def _siret_for(index: int) -> tuple[str, str]:
    """Valid but unassigned numbers: SIRENs of the 000 series are not attributed."""
    body = f"000{index:05d}"
    siren = body + luhn.calc_check_digit(body)
    establishment = siren + "0001"
    return siren, establishment + luhn.calc_check_digit(establishment)


def _demo_history(rng: random.Random, edition: Edition) -> None:
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


def _moderation_queue(rng: random.Random, edition: Edition, wanted: int) -> int:
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


def _demo_jobs(rng: random.Random) -> list[str]:
    """Production operators everywhere, and two to five other jobs."""
    others = [code for code in JobCode.values if code != JobCode.OPERATOR]
    return [JobCode.OPERATOR, *rng.sample(others, rng.randint(2, 5))]


def _demo_accessibility(rng: random.Random) -> dict:
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


def _pick_communes(rng: random.Random, count: int) -> list[Commune]:
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


def _naf_codes_by_division() -> dict[str, list[NafCode]]:
    codes: dict[str, list[NafCode]] = {}
    for code in NafCode.objects.filter(division__section_id="C").select_related("division"):
        codes.setdefault(code.division_id, []).append(code)
    return codes


def _create_edition(today: date) -> Edition:
    friday, saturday = next_edition_dates(today)
    edition = Edition.objects.create(
        name=f"Journées Usines Ouvertes {friday.year}",
        slug=f"{DEMO_SLUG_PREFIX}{friday.year}",
        year=friday.year,
        tagline="Vendredi pour les classes, samedi pour tous : poussez les portes des usines "
        "près de chez vous. (Données de démonstration fictives.)",
        is_published=True,
        target_factories=400,
    )
    now = timezone.now()
    tz = timezone.get_current_timezone()
    close = time(18, 0)
    EditionDay.objects.bulk_create(
        [
            EditionDay(
                edition=edition,
                date=friday,
                audience=Audience.SCHOOL,
                bookings_open_at=now - timedelta(days=30),
                bookings_close_at=datetime.combine(friday - timedelta(days=2), close, tz),
            ),
            EditionDay(
                edition=edition,
                date=saturday,
                audience=Audience.PUBLIC,
                bookings_open_at=now - timedelta(days=7),
                bookings_close_at=datetime.combine(saturday - timedelta(days=1), close, tz),
            ),
        ]
    )
    Phase.objects.bulk_create(
        [
            Phase(edition=edition, kind=PhaseKind.HOSTS, starts_on=today - timedelta(days=120),
                  ends_on=friday - timedelta(days=40)),
            Phase(edition=edition, kind=PhaseKind.SCHOOLS, starts_on=today - timedelta(days=30),
                  ends_on=friday - timedelta(days=2)),
            Phase(edition=edition, kind=PhaseKind.PUBLIC, starts_on=today - timedelta(days=7),
                  ends_on=saturday - timedelta(days=1)),
            Phase(edition=edition, kind=PhaseKind.CLOSING, starts_on=saturday + timedelta(days=1),
                  ends_on=saturday + timedelta(days=30)),
        ]
    )  # fmt: skip
    return edition


def generate_demo(
    factories: int = 300,
    bookings: int = 20_000,
    seed: int = 2026,
    progress: Callable[[str], None] = lambda message: None,
) -> DemoReport:
    """Build a published demo edition; raises if one already exists (see the command)."""
    rng = random.Random(seed)
    tz = timezone.get_current_timezone()
    with transaction.atomic():
        edition = _create_edition(timezone.localdate())
        days = {day.audience: day for day in edition.days.all()}
        communes = _pick_communes(rng, factories)
        naf = _naf_codes_by_division()
        divisions = list(SECTORS)
        sector_weights = [SECTORS[d][0] for d in divisions]
        band_values = [band for band, _ in BANDS]
        band_weights = [weight for _, weight in BANDS]

        companies, sites = [], []
        for index, commune in enumerate(communes, start=1):
            division = rng.choices(divisions, weights=sector_weights)[0]
            kind = rng.choice(SECTORS[division][1])
            name = f"{kind} {rng.choice(SURNAMES)} (démo)"
            siren, siret = _siret_for(index)
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
            Commune.objects.filter(pk__in={c.pk for c in communes}).values_list(
                "pk", "postcodes__code"
            )
        )
        for site in sites:
            site.postcode = postcodes.get(site.commune_id) or "00000"
            site.search_text = site_search_text(site)
        Company.objects.bulk_create(companies, batch_size=BATCH)
        company_ids = dict(
            Company.objects.filter(siren__in=[c.siren for c in companies]).values_list(
                "siren", "pk"
            )
        )
        for company, site in zip(companies, sites, strict=True):
            site.company_id = company_ids[company.siren]
        Site.objects.bulk_create(sites, batch_size=BATCH)
        site_ids = list(
            Site.objects.filter(siret__in=[s.siret for s in sites])
            .order_by("siret")
            .values_list("pk", "naf__division_id")
        )
        progress(f"{len(site_ids)} sites")

        Participation.objects.bulk_create(
            [
                Participation(site_id=pk, edition=edition, status=ParticipationStatus.PUBLISHED)
                for pk, _ in site_ids
            ],
            batch_size=BATCH,
        )
        participations = list(
            Participation.objects.filter(edition=edition)
            .order_by("pk")
            .values_list("pk", "site_id")
        )
        division_of = dict(site_ids)

        def shows_of(site_id: int) -> str:
            return SECTORS[division_of[site_id]][2]

        Visit.objects.bulk_create(
            [
                Visit(
                    participation_id=pk,
                    title=f"Au cœur de l'atelier : {shows_of(site_id).split(',')[0]}",
                    description=f"Découvrez {shows_of(site_id)} et rencontrez "
                    "les femmes et les hommes qui y travaillent.",
                    duration_minutes=rng.choice([60, 90, 120]),
                    minimum_age=rng.choice([0, 0, 8, 10, 12, 14]),
                    rules=rng.choice(RULES),
                    meeting_point="Accueil principal",
                    **_demo_accessibility(rng),
                )
                for pk, site_id in participations
            ],
            batch_size=BATCH,
        )
        visits = list(
            Visit.objects.filter(participation__edition=edition).values_list(
                "pk", "duration_minutes"
            )
        )
        Visit.jobs.through.objects.bulk_create(
            [
                Visit.jobs.through(visit_id=visit_id, job_id=job)
                for visit_id, _ in visits
                for job in _demo_jobs(rng)
            ],
            batch_size=BATCH,
        )
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
        progress(f"{len(slots)} slots")
        Target.objects.bulk_create(
            [
                Target(edition=edition, metric=TargetMetric.VISITORS, value=factories * 400),
                Target(edition=edition, metric=TargetMetric.CLASSES, value=factories * 12),
            ]
        )
        _demo_history(rng, edition)
        queued = _moderation_queue(rng, edition, max(5, factories // 30))
        progress(f"{queued} sites waiting for moderation")
        booked, waitlisted = _fill_slots(rng, edition, bookings, progress)
        coaches = _demo_coach_requests(rng, edition)
        progress(f"{coaches} coach requests")
        from usines.outreach.demo import generate_demo_outreach  # outreach builds on editions

        prospects = generate_demo_outreach(rng, edition)
        progress(f"{prospects} prospects, synthetic reference population")
    return DemoReport(edition, len(site_ids), len(slots), booked, waitlisted)


def _fill_slots(
    rng: random.Random, edition: Edition, wanted: int, progress: Callable[[str], None]
) -> tuple[int, int]:
    slots = list(
        Slot.objects.filter(
            visit__participation__edition=edition,
            visit__participation__status=ParticipationStatus.PUBLISHED,
        )
        .order_by("pk")
        .values_list("pk", "capacity", "audience")
    )
    taken = {pk: 0 for pk, _, _ in slots}
    now = timezone.now()
    # A few popular public slots are filled to the last place and get a waiting list.
    public = [s for s in slots if s[2] == Audience.PUBLIC]
    hot = set(rng.sample([s[0] for s in public], min(len(public), max(3, len(public) // 60))))
    # Popularity varies: some visits draw crowds, others few visitors.
    weights = [5.0 if pk in hot else rng.uniform(0.2, 2.0) for pk, _, _ in slots]
    weight_of = {pk: weight for (pk, _, _), weight in zip(slots, weights, strict=True)}
    capacity_of = {pk: capacity for pk, capacity, _ in slots}
    audience_of = {pk: audience for pk, _, audience in slots}
    made = 0
    attempts = 0
    batch: list[Booking] = []
    groups: list[ClassGroup | None] = []
    schools = _demo_schools(rng)
    teacher = _demo_teacher()
    nearby = _schools_near_slots(
        schools, [pk for pk, _, audience in slots if audience == Audience.SCHOOL]
    )
    draws: list[int] = []

    def flush() -> None:
        created = ClassGroup.objects.bulk_create([group for group in groups if group])
        made_groups = iter(created)
        for booking, group in zip(batch, groups, strict=True):
            if group is not None:
                booking.class_group = next(made_groups)
        Booking.objects.bulk_create(batch)
        batch.clear()
        groups.clear()

    while made < wanted and attempts < wanted * 3:
        attempts += 1
        if not draws:
            # Redraw among the slots that still have room, so the edition fills up.
            open_ids = [pk for pk in weight_of if capacity_of[pk] - taken[pk] >= 1]
            if not open_ids:
                break
            cumulative = list(itertools.accumulate(weight_of[pk] for pk in open_ids))
            draws = rng.choices(open_ids, cum_weights=cumulative, k=BATCH)
        slot_id = draws.pop()
        school = audience_of[slot_id] == Audience.SCHOOL
        size = (
            rng.randint(12, 30) if school else rng.choices([1, 2, 3, 4, 5], [35, 35, 15, 12, 3])[0]
        )
        if taken[slot_id] + size > capacity_of[slot_id]:
            size = capacity_of[slot_id] - taken[slot_id]
            if size <= 0 or (school and size < 8):
                continue
        taken[slot_id] += size
        group = _demo_class(rng, nearby[slot_id], teacher, size) if school else None
        fields = _demo_booking_fields(rng, slot_id, size, school, now)
        if group is not None:
            fields["name"] = f"{group.school.name} – {group.get_level_display()}"[:150]
        batch.append(Booking(**fields))
        groups.append(group)
        made += 1
        if len(batch) >= BATCH:
            flush()
            progress(f"{made} bookings")
    flush()
    for pk in hot:
        while taken[pk] < capacity_of[pk]:
            size = min(rng.randint(1, 4), capacity_of[pk] - taken[pk])
            Booking.objects.create(**_demo_booking_fields(rng, pk, size, False, now))
            taken[pk] += size
            made += 1
    entries = []
    for pk in sorted(hot):
        for _ in range(rng.randint(2, 6)):
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            entries.append(
                WaitlistEntry(
                    slot_id=pk,
                    party_size=rng.randint(1, 4),
                    name=f"{first} {last}",
                    email=f"{first}.{last}".lower().replace(" ", "") + "@example.org",
                    postcode="75011",
                    consent_at=now,
                )
            )
    WaitlistEntry.objects.bulk_create(entries)
    _spread_booking_dates(edition, now)
    updates = [Slot(pk=pk, booked=count) for pk, count in taken.items() if count]
    Slot.objects.bulk_update(updates, ["booked"], batch_size=BATCH)
    progress(f"{made} bookings, {len(entries)} waiting-list entries")
    return made, len(entries)


def _spread_booking_dates(edition: Edition, now: datetime, steps: int = 40) -> None:
    """Date the bookings since their day opened, most of them in the first days (the
    opening rush), so that the cockpit's booking curve looks like an edition's."""
    bounds = Booking.objects.filter(slot__day__edition=edition).aggregate(
        low=Min("pk"), high=Max("pk")
    )
    if bounds["low"] is None:
        return
    width = (bounds["high"] - bounds["low"]) // steps + 1
    for day in edition.days.all():
        span = now - day.bookings_open_at
        slots = Slot.objects.filter(day=day).values("pk")  # a subquery, not a join
        for step in range(steps):
            low = bounds["low"] + step * width
            Booking.objects.filter(slot_id__in=slots, pk__gte=low, pk__lt=low + width).update(
                created_at=day.bookings_open_at + span * (step / steps) ** 2
            )


SCHOOL_KINDS = [
    ("Collège", ["4e", "3e"]),
    ("Lycée", ["2de", "1re", "tle"]),
    ("Lycée professionnel", ["cap", "bacpro"]),
]


def _demo_schools(rng: random.Random, count: int = 400) -> list[School]:
    """Fictitious schools with valid UAI codes (department digits, then a counter)."""
    communes = list(Commune.objects.filter(population__gte=10_000).order_by("-population")[:count])
    schools = []
    for index, commune in enumerate(communes):
        digits = (
            f"{int(commune.department_id[:2].replace('A', '0').replace('B', '0')):03d}9{index:03d}"
        )
        kind, _levels = SCHOOL_KINDS[index % len(SCHOOL_KINDS)]
        school, _created = School.objects.update_or_create(
            uai=digits + uai_check_letter(digits),
            defaults={
                "name": f"{kind} {rng.choice(SURNAMES)} (démo)",
                "kind": kind,
                "postcode": "",
                "city": commune.name,
                "commune": commune,
                "latitude": commune.latitude,
                "longitude": commune.longitude,
            },
        )
        schools.append(school)
    return schools


def _schools_near_slots(schools: list[School], slot_ids: list[int]) -> dict[int, list[School]]:
    """For each school-day slot, the three demo schools closest to its site."""
    from usines.schools.pooling import km

    site_of = dict(
        Slot.objects.filter(pk__in=slot_ids).values_list("pk", "visit__participation__site_id")
    )
    coordinates = {
        pk: (lat, lon)
        for pk, lat, lon in Site.objects.filter(pk__in=set(site_of.values())).values_list(
            "pk", "latitude", "longitude"
        )
    }
    closest: dict[int, list[School]] = {}
    for site_id, point in coordinates.items():
        closest[site_id] = sorted(
            schools, key=lambda school: km(point, (school.latitude, school.longitude))
        )[:3]
    return {slot_id: closest[site_id] for slot_id, site_id in site_of.items()}


def _demo_teacher() -> User:
    teacher, _created = User.objects.get_or_create(
        username="demo-enseignants",
        defaults={"email": "enseignants@example.org", "role": Role.TEACHER, "is_active": False},
    )
    return teacher


def _demo_class(rng: random.Random, schools: list[School], teacher: User, size: int) -> ClassGroup:
    school = rng.choice(schools)
    levels = next(levels for kind, levels in SCHOOL_KINDS if kind == school.kind)
    adults = 2 if size >= 16 else 1
    pupils = size - adults
    return ClassGroup(
        school=school,
        teacher=teacher,
        level=rng.choice(levels),
        track=Track.VOCATIONAL if school.kind == "Lycée professionnel" else Track.GENERAL,
        pupils=pupils,
        girls=sum(rng.random() < 0.42 for _ in range(pupils)),
        adults=adults,
    )


def _demo_coach_requests(rng: random.Random, edition: Edition) -> int:
    """About a third of the classes ask for a coach, as the seed event's did."""
    groups = ClassGroup.objects.filter(booking__slot__day__edition=edition).values_list(
        "pk", "pupils", "adults"
    )
    requests = [
        CoachRequest(class_group_id=pk, seats=min(pupils + adults, 59))
        for pk, pupils, adults in groups.order_by("pk")
        if rng.random() < 0.3
    ]
    CoachRequest.objects.bulk_create(requests, batch_size=BATCH)
    return len(requests)


def _demo_booking_fields(rng: random.Random, slot_id: int, size: int, school: bool, now) -> dict:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    name = f"{'Classe de ' if school else ''}{first} {last}"
    return {
        "slot_id": slot_id,
        "party_size": size,
        "name": name,
        "email": f"{first}.{last}".lower().replace(" ", "") + "@example.org",
        "postcode": f"{rng.randint(1, 95):02d}{rng.randint(0, 9)}00",
        "status": BookingStatus.CONFIRMED,
        "consent_at": now,
    }


def delete_demo_editions() -> int:
    """Remove every demo edition and what hangs off it, bookings first."""
    editions = Edition.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
    slots = Slot.objects.filter(day__edition__in=editions)
    groups = list(
        ClassGroup.objects.filter(booking__slot__in=slots).values_list("pk", flat=True)
    ) + list(ClassGroup.objects.filter(waitlist_entry__slot__in=slots).values_list("pk", flat=True))
    WaitlistEntry.objects.filter(slot__in=slots).delete()
    Booking.objects.filter(slot__in=slots).delete()
    ClassGroup.objects.filter(pk__in=groups).delete()
    slots.delete()
    site_ids = list(
        Participation.objects.filter(edition__in=editions).values_list("site_id", flat=True)
    )
    Participation.objects.filter(edition__in=editions).delete()
    sites = Site.objects.filter(pk__in=site_ids)
    company_ids = list(sites.values_list("company_id", flat=True))
    sites.delete()
    Company.objects.filter(pk__in=company_ids, sites__isnull=True).delete()
    count, _ = editions.delete()
    return count
