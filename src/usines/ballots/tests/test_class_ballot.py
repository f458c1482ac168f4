"""A school-day ballot: teachers enter a class as one unit from their space, the draw
books the classes it gives a slot and puts the others on the waiting lists."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.ballots import drawing
from usines.ballots.exceptions import InvalidChoices
from usines.ballots.figures import ballot_figures
from usines.ballots.models import Ballot, BallotEntry
from usines.ballots.services import create_ballot, enter_class
from usines.bookings.models import Booking, WaitlistEntry
from usines.schools.exceptions import LevelNotWelcomed
from usines.schools.models import ClassGroup, School
from usines.testsupport import (
    SlotFactory,
    assert_counters_match_rows,
    class_details,
    confirmed_teacher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ballot(school_slot):
    school_slot.capacity = 40
    school_slot.save()
    now = timezone.now()
    return create_ballot(
        school_slot.day.edition, "school", now - timedelta(hours=1), now + timedelta(days=1)
    )


def second_teacher() -> User:
    user = User.objects.create_user("p2@example.org", "p2@example.org", "pw", role=Role.TEACHER)
    school = School.objects.create(uai="0690001R", name="Lycée du Parc", kind="Lycée")
    confirmed_teacher(user, school)
    return user


def test_a_teacher_enters_a_class_as_one_unit(ballot, school_slot, teacher):
    entry, created = enter_class(ballot, teacher, class_details(), [school_slot.pk])
    assert created
    assert entry.party_size == 30  # 28 pupils and 2 adults
    assert entry.school.name == "Lycée Charles Poncet" and entry.teacher == teacher
    assert entry.class_details["level"] == "2de"


def test_a_level_the_visit_does_not_take_is_refused(ballot, school_slot, teacher):
    school_slot.visit.school_levels = "bts"
    school_slot.visit.save()
    with pytest.raises(LevelNotWelcomed):
        enter_class(ballot, teacher, class_details(), [school_slot.pk])
    assert not BallotEntry.objects.exists()


def test_a_public_ballot_takes_no_class(slot, teacher):
    now = timezone.now()
    public = create_ballot(
        slot.day.edition, "public", now - timedelta(hours=1), now + timedelta(hours=1)
    )
    with pytest.raises(InvalidChoices):
        enter_class(public, teacher, class_details(), [slot.pk])


def test_the_draw_books_one_class_and_puts_the_other_on_the_waiting_list(
    ballot, school_slot, teacher
):
    other = second_teacher()
    enter_class(ballot, teacher, class_details(), [school_slot.pk])
    enter_class(ballot, other, class_details(), [school_slot.pk])
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    ballot.refresh_from_db()
    drawing.start_draw(ballot, "x")
    booking = Booking.objects.get()
    assert booking.class_group.pupils == 28 and booking.party_size == 30
    waiting = WaitlistEntry.objects.get()
    assert waiting.class_group is not None and waiting.email != booking.email
    assert ClassGroup.objects.count() == 2
    school_slot.refresh_from_db()
    assert_counters_match_rows(school_slot)
    rows = ballot_figures(ballot.edition, by="school")
    assert sorted((row.group, row.entrants, row.any_choice) for row in rows) in (
        [("", 1, 1), ("Lycée", 1, 0)],
        [("", 1, 0), ("Lycée", 1, 1)],
    )


def test_booking_a_class_on_a_slot_in_a_ballot_leads_to_the_ballot(
    client, ballot, school_slot, teacher
):
    client.force_login(teacher)
    response = client.get(f"/enseignant/creneau/{school_slot.pk}/")
    assert response["Location"] == f"/enseignant/tirage/{ballot.pk}/"
    client.cookies["django_language"] = "en"
    data = {
        "choice_1": school_slot.pk,
        "level": "2de",
        "track": "general",
        "pupils": 20,
        "girls": 25,
        "adults": 2,
        "idempotency_key": "abcdefgh12",
    }
    page = client.post(f"/enseignant/tirage/{ballot.pk}/", data)
    assert "There cannot be more girls than pupils." in page.content.decode()
    data["girls"] = 10
    first = client.post(f"/enseignant/tirage/{ballot.pk}/", data)
    again = client.post(f"/enseignant/tirage/{ballot.pk}/", data)
    entry = BallotEntry.objects.get()
    assert first["Location"] == again["Location"] == f"/tirage/inscription/{entry.token}/"
    assert entry.party_size == 22


def test_the_public_ballot_page_sends_teachers_to_their_space(client, ballot):
    client.cookies["django_language"] = "en"
    page = client.get(f"/tirage/{ballot.pk}/").content.decode()
    assert f"/enseignant/tirage/{ballot.pk}/" in page
    assert 'name="email"' not in page


def test_a_teacher_not_confirmed_is_sent_to_its_space(client, ballot, school_slot):
    user = User.objects.create_user("n@example.org", "n@example.org", "pw", role=Role.TEACHER)
    client.force_login(user)
    assert client.get(f"/enseignant/tirage/{ballot.pk}/")["Location"] == "/enseignant/"


def test_a_slot_outside_the_ballot_is_not_a_choice(ballot, teacher):
    foreign = SlotFactory()
    with pytest.raises(InvalidChoices):
        enter_class(ballot, teacher, class_details(), [foreign.pk])
