"""The registration phase opens and closes hosts' registration; last year's hosts are
invited back and take part again with their visit and slots moved to the new days."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django.utils.translation import override

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit
from usines.editions import services as editions
from usines.editions.models import Audience, PhaseKind
from usines.factories import returning, services
from usines.factories.exceptions import NotReady, RegistrationClosed
from usines.factories.models import Participation, ParticipationStatus, Slot
from usines.testsupport import (
    EditionDayFactory,
    EditionFactory,
    NafCodeFactory,
    SlotFactory,
    VisitFactory,
    place_commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def host():
    return User.objects.create_user("host@example.org", "host@example.org", "pw", role=Role.HOST)


def details() -> services.SiteDetails:
    return services.SiteDetails(
        siret="73282932000074",
        name="Décolletage du Giffre",
        address="12 rue des Tourneurs",
        postcode="74300",
        commune=place_commune("cluses"),
        naf=NafCodeFactory(),
        headcount_band="21",
    )


def registration(edition, first_day: int, last_day: int) -> None:
    today = timezone.localdate()
    editions.set_phases(
        edition,
        {
            PhaseKind.REGISTRATION: (
                today + timedelta(days=first_day),
                today + timedelta(days=last_day),
            )
        },
    )


def test_a_host_registers_during_the_registration_phase(host):
    edition = EditionFactory()
    registration(edition, 0, 0)

    assert services.register_site(host, edition, details()).status == ParticipationStatus.DRAFT


def test_registering_before_the_phase_says_when_it_opens(host):
    edition = EditionFactory(name="JUO 2027")
    registration(edition, 2, 40)

    with override("en"), pytest.raises(RegistrationClosed) as error:
        services.register_site(host, edition, details())

    opens = timezone.localdate() + timedelta(days=2)
    assert error.value.message == f"Registration for JUO 2027 opens on {opens:%d/%m/%Y}."
    assert not Participation.objects.exists()


def test_registering_after_the_phase_is_refused(host):
    edition = EditionFactory(name="JUO 2027")
    registration(edition, -40, -1)

    with override("en"), pytest.raises(RegistrationClosed) as error:
        services.register_site(host, edition, details())

    assert error.value.message == "Registration for JUO 2027 is closed."


def test_the_closing_phase_closes_registration(host):
    edition = EditionFactory()
    today = timezone.localdate()
    editions.set_phases(edition, {PhaseKind.CLOSING: (today, today + timedelta(days=30))})

    with pytest.raises(RegistrationClosed):
        services.register_site(host, edition, details())


def test_a_draft_is_submitted_only_during_registration_but_a_visit_sent_back_may_return(host):
    first = VisitFactory(
        description="Les tours.", participation__status=ParticipationStatus.DRAFT
    ).participation
    second = VisitFactory(
        description="Les presses.",
        participation__edition=first.edition,
        participation__status=ParticipationStatus.DRAFT,
        participation__submitted_at=timezone.now() - timedelta(days=3),  # sent back since
    ).participation
    registration(first.edition, -40, -1)

    with pytest.raises(RegistrationClosed):
        services.submit_participation(first, host)
    assert services.submit_participation(second, host).status == ParticipationStatus.SUBMITTED


def _at(day, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day.date, time(hour, minute), timezone.get_current_timezone())


@pytest.fixture
def last_year():
    """A published site of last year's edition: two school slots on its Friday, a
    booked public one and a cancelled one on its Saturday."""
    edition = EditionFactory(name="JUO 2026", year=2026)
    friday = EditionDayFactory(
        edition=edition, date=timezone.localdate() + timedelta(days=20), audience=Audience.SCHOOL
    )
    saturday = EditionDayFactory(edition=edition, date=friday.date + timedelta(days=1))
    morning = SlotFactory(day=friday, starts_at=_at(friday, 9), ends_at=_at(friday, 10, 30),
                          capacity=25)  # fmt: skip
    visit = morning.visit
    SlotFactory(day=friday, visit=visit, starts_at=_at(friday, 14), ends_at=_at(friday, 15, 30),
                capacity=25)  # fmt: skip
    booked = SlotFactory(day=saturday, visit=visit, starts_at=_at(saturday, 10),
                         ends_at=_at(saturday, 11), capacity=12)  # fmt: skip
    book_visit(booked.pk, 4, Contact("Alice", "alice@example.org", "74300"))
    SlotFactory(day=saturday, visit=visit, starts_at=_at(saturday, 15), is_cancelled=True)
    return visit.participation


def test_taking_part_again_moves_the_slots_to_the_new_edition_days(host, last_year):
    site = last_year.site
    site.team.add(host)
    edition = editions.prepare_next_edition(last_year.edition)
    registration(edition, 0, 10)

    participation = services.take_part_again(site, host, edition)

    friday, saturday = edition.days.order_by("date")
    copies = list(Slot.objects.filter(visit=participation.visit).order_by("starts_at"))
    assert participation.status == ParticipationStatus.DRAFT
    assert participation.visit.title == last_year.visit.title
    assert [
        (slot.day, timezone.localtime(slot.starts_at).time(), slot.ends_at - slot.starts_at)
        for slot in copies
    ] == [
        (friday, time(9), timedelta(minutes=90)),
        (friday, time(14), timedelta(minutes=90)),
        (saturday, time(10), timedelta(hours=1)),
    ]
    assert [slot.audience for slot in copies] == [Audience.SCHOOL, Audience.SCHOOL, Audience.PUBLIC]
    assert [(slot.capacity, slot.booked) for slot in copies] == [(25, 0), (25, 0), (12, 0)]
    assert all(slot.starts_at.date() == slot.day.date for slot in copies)
    assert last_year.visit.slots.count() == 4  # last year keeps its own


def test_taking_part_again_waits_for_the_registration_phase(host, last_year):
    site = last_year.site
    site.team.add(host)
    edition = editions.prepare_next_edition(last_year.edition)
    registration(edition, 5, 60)

    with pytest.raises(RegistrationClosed):
        services.take_part_again(site, host, edition)
    assert not Participation.objects.filter(edition=edition).exists()


def test_last_years_hosts_are_invited_once_each_with_a_link_to_come_back(
    host, last_year, deliver_emails, settings
):
    settings.SITE_URL = "https://usines.example"
    deliver_emails()  # last year's booking confirmation
    mail.outbox.clear()
    colleague = User.objects.create_user("c@example.org", "c@example.org", "pw", role=Role.HOST)
    last_year.site.team.add(host, colleague)
    draft = VisitFactory(participation__edition=last_year.edition,
                         participation__status=ParticipationStatus.DRAFT)  # fmt: skip
    draft.participation.site.team.add(User.objects.create_user("d@example.org", "d@example.org"))
    edition = editions.prepare_next_edition(last_year.edition)
    edition.is_published = True
    edition.save()
    registration(edition, 0, 30)

    with deliver_emails.capture():
        assert returning.invite_previous_hosts(edition) == 1
        returning.invite_previous_hosts(edition)
    outbox = deliver_emails()

    assert sorted(message.to[0] for message in outbox) == ["c@example.org", "host@example.org"]
    link = f"https://usines.example/hote/site/{last_year.site_id}/reprendre/{edition.pk}/"
    assert all(link in message.body for message in outbox)
    assert all(last_year.site.name in message.subject for message in outbox)


def test_a_site_already_back_is_not_invited(host, last_year):
    last_year.site.team.add(host)
    edition = editions.prepare_next_edition(last_year.edition)
    edition.is_published = True
    edition.save()
    registration(edition, 0, 30)
    services.take_part_again(last_year.site, host, edition)

    assert returning.invite_previous_hosts(edition) == 0


def test_hosts_are_invited_to_a_published_edition_only(last_year):
    edition = editions.prepare_next_edition(last_year.edition)

    with pytest.raises(NotReady):
        returning.invite_previous_hosts(edition)
