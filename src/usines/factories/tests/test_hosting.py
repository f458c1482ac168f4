"""Hosting a visit: registering a site, the approval workflow, slots and capacity, team."""

from datetime import time

import pytest
from django.core import mail

from usines.accounts.models import Role, User
from usines.bookings import slots
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.editions.models import Audience
from usines.factories import services
from usines.factories.exceptions import (
    CapacityBelowBooked,
    InvalidSlots,
    InvalidTransition,
    MessageRequired,
    NotReady,
    SiretTaken,
)
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationStatus,
    Slot,
)
from usines.testsupport import (
    EditionDayFactory,
    NafCodeFactory,
    ParticipationFactory,
    SlotFactory,
    VisitFactory,
    in_processes,
    place_commune,
)

pytestmark = pytest.mark.django_db

# Real SIRETs with a valid Luhn key.
VALID_SIRETS = ["73282932000074", "55210055400013", "44306184100047"]


@pytest.fixture
def host():
    return User.objects.create_user("host@example.org", "host@example.org", "pw", role=Role.HOST)


@pytest.fixture
def organiser():
    return User.objects.create_user("org@example.org", "org@example.org", "pw", role=Role.ORGANISER)


@pytest.fixture
def day():
    return EditionDayFactory(audience=Audience.PUBLIC)


def details(**overrides) -> services.SiteDetails:
    fields = {
        "siret": VALID_SIRETS[0],
        "name": "Décolletage du Giffre",
        "address": "12 rue des Tourneurs",
        "postcode": "74300",
        "commune": place_commune("cluses"),
        "naf": NafCodeFactory(),
        "headcount_band": "21",
        "products": "vis, écrous",
    }
    fields.update(overrides)
    return services.SiteDetails(**fields)


def test_register_creates_a_draft_with_the_host_in_the_team(host, day):
    participation = services.register_site(host, day.edition, details())

    site = participation.site
    assert participation.status == ParticipationStatus.DRAFT
    assert list(site.team.all()) == [host]
    assert site.company.siren == "732829320"
    assert (site.latitude, site.longitude) == (46.0625, 6.575)  # from the commune
    assert participation.events.get().action == ParticipationAction.REGISTERED
    assert "decolletage" in site.search_text


def test_the_same_siret_twice_in_an_edition_is_caught(host, day):
    services.register_site(host, day.edition, details())
    other = User.objects.create_user("other@example.org", "other@example.org", "pw")

    with pytest.raises(SiretTaken) as caught:
        services.register_site(other, day.edition, details(name="Another name"))

    assert caught.value.site.name == "Décolletage du Giffre"
    assert Participation.objects.count() == 1


def test_sites_of_one_company_share_it(host, day):
    first = services.register_site(host, day.edition, details())
    second = services.register_site(
        host, day.edition, details(siret="73282932000090", name="Second site")
    )
    assert first.site.company_id == second.site.company_id


def test_join_request_mails_the_team(host, day, deliver_emails):
    site = services.register_site(host, day.edition, details()).site
    other = User.objects.create_user("new@example.org", "new@example.org", "pw")

    with deliver_emails.capture():
        services.request_to_join(other, site)
    outbox = deliver_emails()

    assert outbox[-1].to == ["host@example.org"]
    assert "new@example.org" in outbox[-1].body


def test_the_whole_workflow_records_who_and_when_and_mails_the_host(
    host, organiser, day, deliver_emails
):
    participation = services.register_site(host, day.edition, details())
    participation.visit.description = "Les tours à commande numérique."
    participation.visit.save()

    with deliver_emails.capture():
        services.submit_participation(participation, host)
        services.approve_participation(participation, organiser, "Bienvenue !")
    outbox = deliver_emails()

    participation.refresh_from_db()
    assert participation.status == ParticipationStatus.APPROVED
    assert participation.decided_by == organiser
    assert participation.decided_at is not None
    assert [e.action for e in participation.events.all()] == [
        ParticipationAction.REGISTERED,
        ParticipationAction.SUBMITTED,
        ParticipationAction.APPROVED,
    ]
    assert participation.events.last().actor == organiser
    subjects = [message.subject for message in outbox]
    assert "Décolletage du Giffre\u00a0: votre visite est approuvée" in subjects
    assert "Bienvenue !" in outbox[-1].body

    with pytest.raises(NotReady):  # no slot yet
        services.publish_participation(participation, host)
    services.create_slots(participation, day, time(9), time(10), 60, 90, 12)
    services.publish_participation(participation, host)
    assert participation.status == ParticipationStatus.PUBLISHED


def test_an_empty_visit_cannot_be_submitted(host, day):
    participation = services.register_site(host, day.edition, details())

    with pytest.raises(NotReady):
        services.submit_participation(participation, host)
    assert Participation.objects.get().status == ParticipationStatus.DRAFT


def test_changes_and_declines_need_a_message_and_come_back_to_the_host(host, organiser, day):
    participation = ParticipationFactory(edition=day.edition, status=ParticipationStatus.SUBMITTED)
    VisitFactory(participation=participation)

    with pytest.raises(MessageRequired):
        services.request_changes(participation, organiser, "  ")
    services.request_changes(participation, organiser, "Précisez l'âge minimum.")
    assert participation.status == ParticipationStatus.DRAFT
    assert participation.decision_message == "Précisez l'âge minimum."

    with pytest.raises(InvalidTransition):  # a draft is not decided
        services.decline_participation(participation, organiser, "Non.")
    services.submit_participation(participation, host)
    services.decline_participation(participation, organiser, "Hors périmètre industriel.")
    assert participation.status == ParticipationStatus.DECLINED


def test_two_organisers_deciding_at_once_cannot_both_win(organiser, day):
    participation = ParticipationFactory(edition=day.edition, status=ParticipationStatus.SUBMITTED)
    stale = Participation.objects.get()  # what the second organiser's page loaded
    services.approve_participation(participation, organiser)
    with pytest.raises(InvalidTransition):
        services.approve_participation(stale, organiser)
    with pytest.raises(InvalidTransition):
        services.request_changes(stale, organiser, "Trop tard")
    assert Participation.objects.get().status == ParticipationStatus.APPROVED
    assert participation.events.count() == 1


def test_a_day_of_slots_in_one_go(day):
    participation = VisitFactory(participation__edition=day.edition).participation

    slots = services.create_slots(participation, day, time(9), time(16), 45, 90, 15)

    starts = [slot.starts_at.strftime("%H:%M") for slot in slots]
    assert starts == [
        "09:00", "09:45", "10:30", "11:15", "12:00", "12:45", "13:30", "14:15", "15:00", "15:45"
    ]  # fmt: skip
    assert {slot.capacity for slot in slots} == {15}
    assert {slot.audience for slot in slots} == {Audience.PUBLIC}
    # the same form sent again adds nothing
    assert services.create_slots(participation, day, time(9), time(16), 45, 90, 15) == []
    assert Slot.objects.count() == 10


def test_slots_outside_the_edition_or_nonsense_are_refused(day):
    participation = VisitFactory(participation__edition=day.edition).participation
    other_day = EditionDayFactory()

    with pytest.raises(InvalidSlots):
        services.create_slots(participation, other_day, time(9), time(16), 45, 90, 15)
    with pytest.raises(InvalidSlots):
        services.create_slots(participation, day, time(16), time(9), 45, 90, 15)
    with pytest.raises(InvalidSlots):
        services.create_slots(participation, day, time(0), time(23), 10, 90, 15)
    assert Slot.objects.count() == 0


def test_capacity_goes_up_and_down_but_never_below_booked():
    slot = SlotFactory(capacity=10)
    book_visit(slot.pk, 4, Contact("A", "a@example.org", "74300"))

    slots.change_capacity(slot, 6)
    assert slot.capacity == 6
    with pytest.raises(CapacityBelowBooked) as caught:
        slots.change_capacity(slot, 3)
    assert "4" in str(caught.value.message)
    slot.refresh_from_db()
    assert slot.capacity == 6


def test_raised_capacity_goes_first_to_the_waiting_list():
    slot = SlotFactory(capacity=3)
    book_visit(slot.pk, 3, Contact("A", "a@example.org", "74300"))
    join_waitlist(slot.pk, 2, Contact("W", "w@example.org", "74300"))

    slots.change_capacity(slot, 5)

    assert WaitlistEntry.objects.get().status == WaitlistStatus.OFFERED
    assert slot.available == 0


def test_cancelling_a_slot_tells_every_booker_why(deliver_emails):
    slot = SlotFactory(capacity=10)
    for n in range(3):
        book_visit(slot.pk, 1, Contact(f"V{n}", f"v{n}@example.org", "74300"))

    with pytest.raises(MessageRequired):
        slots.cancel_slot(slot, "")
    with deliver_emails.capture():
        assert slots.cancel_slot(slot, "Panne de la ligne de production.") == 3
    outbox = deliver_emails()

    slot.refresh_from_db()
    assert slot.is_cancelled and slot.booked == 0
    assert set(Booking.objects.values_list("status", flat=True)) == {BookingStatus.CANCELLED}
    cancelled = [m for m in outbox if "Panne de la ligne de production." in m.body]
    assert sorted(m.to[0] for m in cancelled) == [f"v{n}@example.org" for n in range(3)]


def test_message_to_bookers(deliver_emails):
    slot = SlotFactory(capacity=10)
    book_visit(slot.pk, 2, Contact("A", "a@example.org", "74300"))
    mail.outbox.clear()

    with deliver_emails.capture():
        assert slots.message_bookers([slot], "Parking", "Garez-vous rue des Forges.") == 1
    outbox = deliver_emails()

    assert outbox[-1].to == ["a@example.org"]
    assert "Garez-vous rue des Forges." in outbox[-1].body


def _lower_capacity(slot_id: int) -> str:
    try:
        slots.change_capacity(Slot.objects.get(pk=slot_id), 5)
    except CapacityBelowBooked:
        return "refused"
    return "lowered"


def _either(slot_id: int, n: int) -> str | None:
    if n == 0:
        return _lower_capacity(slot_id)
    book_visit(slot_id, 2, Contact(f"V{n}", f"v{n}@example.org", "74300"))
    return None


@pytest.mark.django_db(transaction=True)
def test_capacity_and_bookings_racing_never_oversell():
    """One process lowers the capacity from 20 to 5 while 10 others each book 2 places."""
    slot = SlotFactory(capacity=20)

    outcomes = in_processes(_either, [(slot.pk, n) for n in range(11)])

    slot.refresh_from_db()
    confirmed = sum(
        Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED).values_list(
            "party_size", flat=True
        )
    )
    assert slot.booked == confirmed <= slot.capacity
    assert outcomes.count("ok") * 2 == confirmed
    assert outcomes.count("ok") + outcomes.count("slot_full") == 10
    if "lowered" in outcomes:  # the capacity went first: at most 5 places, so 2 bookings
        assert slot.capacity == 5 and confirmed <= 5
    else:  # the bookings went first: more than 5 places taken, the change refused
        assert outcomes.count("refused") == 1
        assert slot.capacity == 20 and confirmed > 5


def test_a_returning_factory_takes_part_again_with_its_visit_copied(host):
    from usines.reference.models import Job
    from usines.testsupport import EditionFactory

    old = VisitFactory(participation__edition__year=2026, minimum_age=14, rules="Casque fourni.")
    old.jobs.set(Job.objects.filter(code__in=["welder", "quality"]))
    site = old.participation.site
    site.team.add(host)
    edition = EditionFactory(name="JUO 2027", slug="juo-2027", year=2027)

    participation = services.take_part_again(site, host, edition)

    visit = participation.visit
    assert participation.status == ParticipationStatus.DRAFT
    assert (visit.minimum_age, visit.rules) == (14, "Casque fourni.")
    assert sorted(visit.jobs.values_list("code", flat=True)) == ["quality", "welder"]
    assert old.participation.visit.pk != visit.pk  # the old edition keeps its own
    with pytest.raises(InvalidTransition):
        services.take_part_again(site, host, edition)
