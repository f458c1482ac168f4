"""Entering a ballot: the rules, one entry per address, double submits, the close,
and the pages that replace booking while a ballot runs."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from usines.ballots import services
from usines.ballots.exceptions import AlreadyEntered, BallotClosed, BallotSetupError, InvalidChoices
from usines.ballots.models import BallotEntry
from usines.ballots.services import Entrant, create_ballot, enter_ballot
from usines.bookings.models import Booking
from usines.testsupport import SlotFactory

pytestmark = pytest.mark.django_db

ALICE = Entrant("Alice Martin", "Alice@Example.org", "74300", "en")


@pytest.fixture
def visit_slots(slot):
    others = [
        SlotFactory(visit=slot.visit, day=slot.day, starts_at=slot.starts_at + timedelta(hours=h))
        for h in (2, 4)
    ]
    return [slot, *others]


@pytest.fixture
def ballot(visit_slots):
    now = timezone.now()
    return create_ballot(
        visit_slots[0].day.edition,
        "public",
        now - timedelta(hours=1),
        now + timedelta(days=1),
        visit=visit_slots[0].visit,
    )


def test_an_entry_keeps_ranked_choices_and_is_one_unit(ballot, visit_slots):
    ids = [slot.pk for slot in visit_slots]
    entry, created = enter_ballot(ballot, ALICE, [ids[2], ids[0], ids[1]], 4)
    assert created
    assert entry.email == "alice@example.org"
    assert list(entry.choices.values_list("slot_id", flat=True)) == [ids[2], ids[0], ids[1]]
    assert entry.party_size == 4
    assert len(entry.reference) == 10


def test_more_choices_than_allowed_a_slot_twice_or_a_foreign_slot_are_refused(ballot, visit_slots):
    ids = [slot.pk for slot in visit_slots]
    foreign = SlotFactory()
    with pytest.raises(InvalidChoices):
        enter_ballot(ballot, ALICE, [ids[0], ids[0]], 1)
    with pytest.raises(InvalidChoices):
        enter_ballot(ballot, ALICE, [], 1)
    with pytest.raises(InvalidChoices):
        enter_ballot(ballot, ALICE, [ids[0], foreign.pk], 1)
    ballot.max_choices = 2
    with pytest.raises(InvalidChoices):
        enter_ballot(ballot, ALICE, ids, 1)
    with pytest.raises(BallotSetupError):
        enter_ballot(ballot, ALICE, ids[:1], 99)
    assert not BallotEntry.objects.exists()


def test_one_entry_per_address_and_a_double_submit_makes_one_entry(ballot, visit_slots):
    first, created = enter_ballot(ballot, ALICE, [visit_slots[0].pk], 2, idempotency_key="k" * 10)
    again, created_again = enter_ballot(
        ballot, ALICE, [visit_slots[0].pk], 2, idempotency_key="k" * 10
    )
    assert created and not created_again and again.pk == first.pk
    with pytest.raises(AlreadyEntered):
        enter_ballot(ballot, Entrant("Alice", "ALICE@example.org"), [visit_slots[1].pk], 1)
    assert BallotEntry.objects.count() == 1


def test_entries_are_refused_before_the_opening_and_after_the_close(ballot, visit_slots):
    with pytest.raises(BallotClosed):
        enter_ballot(ballot, ALICE, [visit_slots[0].pk], 1, now=ballot.opens_at - timedelta(1))
    with pytest.raises(BallotClosed):
        enter_ballot(ballot, ALICE, [visit_slots[0].pk], 1, now=ballot.closes_at)


def test_an_entry_changes_until_the_close_and_not_after(ballot, visit_slots):
    entry, _ = enter_ballot(ballot, ALICE, [visit_slots[0].pk], 1)
    services.change_entry(entry.token, [visit_slots[1].pk, visit_slots[0].pk], 3)
    entry.refresh_from_db()
    assert entry.party_size == 3
    assert list(entry.choices.values_list("slot_id", flat=True)) == [
        visit_slots[1].pk,
        visit_slots[0].pk,
    ]
    with pytest.raises(BallotClosed):
        services.change_entry(entry.token, [visit_slots[2].pk], 1, now=ballot.closes_at)


def test_a_visit_has_one_ballot_not_drawn_at_a_time(ballot):
    with pytest.raises(BallotSetupError):
        create_ballot(
            ballot.edition, "public", ballot.opens_at, ballot.closes_at, visit=ballot.visit
        )


def test_the_entry_e_mail_carries_the_link_to_change_it(ballot, visit_slots, deliver_emails):
    with deliver_emails.capture():
        entry, _ = enter_ballot(ballot, ALICE, [visit_slots[0].pk], 1)
    outbox = deliver_emails()
    assert [message.to for message in outbox] == [["alice@example.org"]]
    assert entry.reference in outbox[0].subject
    assert f"/tirage/inscription/{entry.token}/" in outbox[0].body


# --- Pages ------------------------------------------------------------------------


def form_data(ballot, choices, **fields):
    data = {f"choice_{rank}": slot_id for rank, slot_id in enumerate(choices, start=1)}
    data.update(
        party_size=2,
        name="Alice Martin",
        email="alice@example.org",
        postcode="74300",
        consent="on",
        idempotency_key="abcdefgh12",
    )
    data.update(fields)
    return data


def test_booking_a_slot_in_a_ballot_leads_to_the_ballot(client, ballot, visit_slots):
    slot = visit_slots[1]
    for path in (f"/creneau/{slot.pk}/reserver/", f"/creneau/{slot.pk}/liste-attente/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"] == f"/tirage/{ballot.pk}/?creneau={slot.pk}"
    response = client.post(f"/creneau/{slot.pk}/reserver/", {"party_size": 1})
    assert response.status_code == 302
    assert not Booking.objects.exists()


def test_the_api_refuses_to_book_a_slot_in_a_ballot(client, ballot, visit_slots):
    response = client.post(
        "/api/v1/bookings",
        {
            "slot": visit_slots[0].pk,
            "party_size": 1,
            "name": "Léo",
            "email": "leo@example.org",
            "postcode": "74300",
            "consent": True,
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "ballot_open"


def test_the_ballot_page_says_until_when_and_takes_an_entry_once(client, ballot, visit_slots):
    client.cookies["django_language"] = "en"
    page = client.get(f"/tirage/{ballot.pk}/?creneau={visit_slots[1].pk}")
    assert page.status_code == 200
    assert page.context["form"].initial["choice_1"] == visit_slots[1].pk
    assert ballot.seed_commitment in page.content.decode()
    ids = [slot.pk for slot in visit_slots]
    data = form_data(ballot, ids)
    first = client.post(f"/tirage/{ballot.pk}/", data)
    second = client.post(f"/tirage/{ballot.pk}/", data)
    entry = BallotEntry.objects.get()
    assert first["Location"] == second["Location"] == f"/tirage/inscription/{entry.token}/"
    assert list(entry.choices.values_list("slot_id", flat=True)) == ids


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"choice_1": ""}, "Choose at least your first slot."),
        ({"choice_1": "abc"}, "Choose a slot from the list."),
        ({"party_size": "0"}, "Enter at least 1 place."),
        ({"party_size": "x" * 50}, "Enter a whole number of places."),
        ({"email": "nope"}, "Enter a valid e-mail address"),
        ({"consent": ""}, "Tick the box"),
        ({"idempotency_key": "<>"}, "The form key is invalid"),
    ],
)
def test_the_entry_form_says_what_to_fix(client, ballot, visit_slots, fields, message):
    with override("en"):
        client.cookies["django_language"] = "en"
        response = client.post(
            f"/tirage/{ballot.pk}/", form_data(ballot, [visit_slots[0].pk], **fields)
        )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not BallotEntry.objects.exists()


def test_a_choice_twice_is_explained(client, ballot, visit_slots):
    client.cookies["django_language"] = "en"
    data = form_data(ballot, [visit_slots[0].pk, visit_slots[0].pk])
    response = client.post(f"/tirage/{ballot.pk}/", data)
    assert "each one once" in response.content.decode()


def test_a_closed_ballot_takes_no_entry_from_its_page(client, ballot, visit_slots):
    ballot.closes_at = timezone.now() - timedelta(minutes=1)
    ballot.opens_at = ballot.closes_at - timedelta(days=1)
    ballot.save()
    response = client.post(f"/tirage/{ballot.pk}/", form_data(ballot, [visit_slots[0].pk]))
    assert response.status_code == 200
    assert not BallotEntry.objects.exists()


def test_the_entrant_changes_its_entry_from_its_link(client, ballot, visit_slots):
    entry, _ = enter_ballot(ballot, ALICE, [visit_slots[0].pk], 1)
    response = client.post(
        f"/tirage/inscription/{entry.token}/",
        {"choice_1": visit_slots[2].pk, "party_size": 2},
    )
    assert response.status_code == 302
    assert list(entry.choices.values_list("slot_id", flat=True)) == [visit_slots[2].pk]
    client.post(f"/tirage/inscription/{entry.token}/retirer/")
    assert not BallotEntry.objects.exists()


def test_the_factory_page_says_the_places_are_drawn_and_until_when(client, ballot, visit_slots):
    client.cookies["django_language"] = "en"
    site = visit_slots[0].visit.participation.site_id
    page = client.get(f"/usine/{site}/").content.decode()
    assert 'id="ballot-notice"' in page
    assert f"/tirage/{ballot.pk}/?creneau={visit_slots[2].pk}" in page
    assert f"/creneau/{visit_slots[2].pk}/reserver/" not in page
