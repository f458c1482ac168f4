"""Test factories (factory-boy) shared by every app's tests."""

import multiprocessing
from datetime import datetime, time, timedelta

import factory
from django.db import connections
from django.db.models import Sum
from django.utils import timezone
from stdnum import luhn

from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus, WalkIn
from usines.bookings.services import Contact, book_visit
from usines.editions.models import (
    Audience,
    Edition,
    EditionDay,
    Phase,
    PhaseKind,
    Target,
    TargetMetric,
)
from usines.errors import DomainError
from usines.factories.models import (
    Company,
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
    Site,
    Slot,
    Visit,
)
from usines.outreach.models import Network, Prospect
from usines.reference.models import (
    Commune,
    CoordinatePrecision,
    Department,
    NafCode,
    NafDivision,
    NafSection,
    Postcode,
    Region,
)
from usines.reference.text import normalise
from usines.schools import membership
from usines.schools.models import MembershipProof, TeacherSchool
from usines.schools.services import ClassDetails


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["code"]

    code = "84"
    name = "Auvergne-Rhône-Alpes"
    slug = factory.LazyAttribute(lambda region: f"region-{region.code}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ["code"]

    code = "74"
    name = "Haute-Savoie"
    slug = factory.LazyAttribute(lambda department: f"departement-{department.code}")
    region = factory.SubFactory(RegionFactory)


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ["insee_code"]

    insee_code = "74081"
    name = "Cluses"
    search_name = "cluses"
    department = factory.SubFactory(DepartmentFactory)
    population = 17795
    latitude = 46.0625
    longitude = 6.575
    coordinate_precision = CoordinatePrecision.PLACE


class NafCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NafCode
        django_get_or_create = ["code"]

    code = "25.62B"
    label = "Mécanique industrielle"
    division = factory.LazyFunction(
        lambda: NafDivision.objects.get_or_create(
            code="25",
            defaults={
                "label": "Fabrication de produits métalliques",
                "section": NafSection.objects.get_or_create(
                    code="C", defaults={"label": "Industrie manufacturière"}
                )[0],
            },
        )[0]
    )


def _siren(n: int) -> str:
    body = f"1{n:07d}"
    return body + luhn.calc_check_digit(body)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    siren = factory.Sequence(_siren)
    name = factory.Sequence(lambda n: f"Entreprise test {n}")


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    siret = factory.LazyAttribute(
        lambda site: (
            site.company.siren + "0001" + luhn.calc_check_digit(site.company.siren + "0001")
        )
    )
    name = factory.Sequence(lambda n: f"Usine test {n}")
    address = "1 rue de l'Industrie"
    postcode = "74300"
    commune = factory.SubFactory(CommuneFactory)
    latitude = 46.06
    longitude = 6.57
    naf = factory.SubFactory(NafCodeFactory)
    headcount_band = "21"


def _at(days: int, hour: int = 9) -> datetime:
    return datetime.combine(
        timezone.localdate() + timedelta(days=days), time(hour), timezone.get_current_timezone()
    )


class EditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Edition
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Journées Usines Ouvertes test {n}")
    slug = factory.Sequence(lambda n: f"juo-test-{n}")
    year = 2027
    is_published = True
    max_party_size = 6
    # Stories book many times with one address; the caps have tests of their own.
    max_places_per_email_per_slot = 1000
    max_bookings_per_email_per_day = 1000

    @factory.post_generation
    def phases(edition, create, kinds, **fields):
        """Registration and both audiences' bookings open from a year ago to a year
        ahead; `phases=[...]` names other kinds, `phases=[]` none."""
        if not create:
            return
        kinds = OPEN_PHASES if kinds is None else kinds
        today = timezone.localdate()
        Phase.objects.bulk_create(
            Phase(
                edition=edition,
                kind=kind,
                starts_on=today - timedelta(days=365),
                ends_on=today + timedelta(days=365),
            )
            for kind in kinds
        )


OPEN_PHASES = (PhaseKind.REGISTRATION, PhaseKind.SCHOOL_BOOKINGS, PhaseKind.PUBLIC_BOOKINGS)


class EditionDayFactory(factory.django.DjangoModelFactory):
    """A day 30 days ahead, open for bookings from yesterday until the eve."""

    class Meta:
        model = EditionDay

    edition = factory.SubFactory(EditionFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    audience = Audience.PUBLIC
    bookings_open_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    bookings_close_at = factory.LazyAttribute(
        lambda day: datetime.combine(day.date, time(0), timezone.get_current_timezone())
    )


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    site = factory.SubFactory(SiteFactory)
    edition = factory.SubFactory(EditionFactory)
    status = ParticipationStatus.PUBLISHED


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    participation = factory.SubFactory(ParticipationFactory)
    title = "Au cœur de l'atelier d'usinage"
    description = "Les machines à commande numérique et les métiers de la mécanique."
    minimum_age = 10
    rules = "Chaussures fermées obligatoires."


class SlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Slot

    day = factory.SubFactory(EditionDayFactory)
    visit = factory.SubFactory(
        VisitFactory, participation__edition=factory.SelfAttribute("...day.edition")
    )
    audience = factory.SelfAttribute("day.audience")
    starts_at = factory.LazyAttribute(
        lambda slot: datetime.combine(slot.day.date, time(10), timezone.get_current_timezone())
    )
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + timedelta(minutes=90))
    capacity = 10


def build_edition_with_history() -> tuple[Edition, list[Slot]]:
    """Three published factories of 10 places on one public day, registered 2, 1 and 0
    days ago and published yesterday; 4 and 6 places booked; a target of 5 factories."""
    day = EditionDayFactory(audience=Audience.PUBLIC)
    slots = [SlotFactory(day=day, capacity=10) for _ in range(3)]
    now = timezone.now()
    for index, slot in enumerate(slots):
        participation = slot.visit.participation
        Participation.objects.filter(pk=participation.pk).update(
            created_at=now - timedelta(days=2 - index)
        )
        event = ParticipationEvent.objects.create(
            participation=participation, action=ParticipationAction.PUBLISHED
        )
        ParticipationEvent.objects.filter(pk=event.pk).update(created_at=now - timedelta(days=1))
    Target.objects.create(edition=day.edition, metric=TargetMetric.FACTORIES, value=5)
    book_visit(slots[0].pk, 4, Contact("A", "a@example.org", "74300"))
    book_visit(slots[1].pk, 6, Contact("B", "b@example.org", "74300"))
    return day.edition, slots


# Real communes and coordinates used by the distance tests (INSEE code, name,
# department, postcode, latitude, longitude, population).
PLACES = {
    "cluses": ("74081", "Cluses", "74", "74300", 46.0625, 6.575, 17795),
    "sallanches": ("74256", "Sallanches", "74", "74700", 45.9364, 6.6317, 16514),
    "annecy": ("74010", "Annecy", "74", "74000", 45.8992, 6.1294, 131272),
    "lyon": ("69123", "Lyon", "69", "69001", 45.764, 4.8357, 522250),
    "saint-etienne": ("42218", "Saint-Étienne", "42", "42000", 45.4339, 4.39, 173089),
}


def place_commune(key: str) -> Commune:
    """One of PLACES as a commune with its postcode, in its real department."""
    insee, name, department, postcode, latitude, longitude, population = PLACES[key]
    names = {"74": "Haute-Savoie", "69": "Rhône", "42": "Loire"}
    commune = CommuneFactory(
        insee_code=insee,
        name=name,
        search_name=normalise(name),
        department=DepartmentFactory(code=department, name=names[department]),
        latitude=latitude,
        longitude=longitude,
        population=population,
    )
    Postcode.objects.get_or_create(code=postcode, commune=commune)
    return commune


def slot_at(day: EditionDay, key: str, **site_fields) -> Slot:
    """A published visit with one slot on `day`, its site at the centre of a PLACES commune."""
    commune = place_commune(key)
    fields = {f"visit__participation__site__{name}": value for name, value in site_fields.items()}
    return SlotFactory(
        day=day,
        visit__participation__site__commune=commune,
        visit__participation__site__latitude=commune.latitude,
        visit__participation__site__longitude=commune.longitude,
        visit__participation__site__postcode=PLACES[key][3],
        **fields,
    )


def in_processes(target, arguments: list[tuple], warm=None) -> list[str]:
    """Run `target(*args)` in one forked process per argument tuple, all released at
    once, each with its database connection open (and, if given, `warm(*args)` run)
    before the release; return what each reported ("ok" or the error's code)."""
    connections.close_all()  # children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(arguments))
    results = context.Queue()

    def child(args):
        connections.close_all()
        connections["default"].ensure_connection()
        if warm is not None:
            warm(*args)
        barrier.wait(timeout=60)
        try:
            outcome = target(*args)
            results.put(outcome if isinstance(outcome, str) else "ok")
        except DomainError as error:
            results.put(error.code)
        except Exception as error:  # reported to the parent, which fails the test
            results.put(f"crash: {error!r}")
        finally:
            connections.close_all()

    processes = [context.Process(target=child, args=(args,)) for args in arguments]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    return outcomes


def new_page(browser, width: int = 390, height: int = 844, **options):
    """A French page in a fresh context: a phone unless told otherwise."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="fr-FR", **options
    )
    return context.new_page()


def log_in(page, url: str, username: str, password: str):
    """Log in through the real form; returns the page."""
    page.goto(url + "/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.locator("main").get_by_role("button", name="Se connecter").click()
    return page


def class_details(**overrides) -> ClassDetails:
    """A class of 28 pupils (13 girls) and 2 adults in seconde, unless told otherwise."""
    fields = {"level": "2de", "track": "general", "pupils": 28, "girls": 13, "adults": 2}
    fields.update(overrides)
    return ClassDetails(**fields)


def prospect(network: Network, key: str = "cluses", **fields) -> Prospect:
    """A prospect of `network` in one of PLACES, for the newest edition (made if none)."""
    edition = fields.pop("edition", None) or (
        Edition.objects.order_by("-year", "-pk").first() or EditionFactory()
    )
    return Prospect.objects.create(
        edition=edition,
        network=network,
        company=fields.pop("company", "Ateliers du Giffre"),
        commune=place_commune(key),
        sector=fields.pop("sector", "metallurgie"),
        **fields,
    )


def confirmed_teacher(user, school) -> None:
    """`user` teaches at `school`, confirmed (as an organiser would after a call)."""
    link = membership.claim_school(user, school)
    TeacherSchool.objects.filter(pk=link.pk).update(
        confirmed_at=timezone.now(), proof=MembershipProof.ORGANISER
    )


def assert_counters_match_rows(slot: Slot) -> None:
    """The capacity invariant, read back: booked = confirmed places + held places +
    walk-ins on released places, held = places offered to the waiting list, never
    above the capacity."""
    slot.refresh_from_db()
    confirmed = (
        Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED).aggregate(
            total=Sum("party_size")
        )["total"]
        or 0
    )
    offered = (
        WaitlistEntry.objects.filter(slot=slot, status=WaitlistStatus.OFFERED).aggregate(
            total=Sum("party_size")
        )["total"]
        or 0
    )
    walked_in = WalkIn.objects.filter(slot=slot).aggregate(total=Sum("count"))["total"] or 0
    assert slot.booked == confirmed + slot.held + walked_in
    assert slot.held == offered
    assert slot.booked <= slot.capacity


def statements_sent(captured: list[dict]) -> list[str]:
    """The SQL of captured queries as the database ran it: a statement prepared on
    the connection (PREPARE, left out) in place of each `EXECUTE` of it."""
    connection = connections["default"]
    sent = []
    for query in captured:
        sql = query["sql"]
        if sql.startswith("PREPARE "):
            continue
        if connection.vendor == "postgresql" and "EXECUTE " in sql:
            name = sql.split("EXECUTE ", 1)[1].split("(", 1)[0]
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT statement FROM pg_prepared_statements WHERE name = %s", [name]
                )
                sql = sql.replace(f"EXECUTE {name}", cursor.fetchone()[0])
        sent.append(sql)
    return sent
