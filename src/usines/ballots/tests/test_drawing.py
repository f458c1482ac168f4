"""Running a ballot's draw: winners booked with their ticket, losers on the waiting
lists in draw order, the log, its re-run, and the console's pages."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from usines.ballots import drawing
from usines.ballots.draw import combined_seed, order_key
from usines.ballots.exceptions import DrawNotAllowed
from usines.ballots.figures import ballot_figures
from usines.ballots.models import Ballot, BallotEntry, BallotStatus
from usines.ballots.services import Entrant, create_ballot, enter_ballot
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry
from usines.testsupport import SlotFactory, assert_counters_match_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_slots(slot):
    slot.capacity = 4
    slot.save()
    later = SlotFactory(
        visit=slot.visit, day=slot.day, starts_at=slot.starts_at + timedelta(hours=3), capacity=2
    )
    return slot, later


@pytest.fixture
def ballot(two_slots):
    now = timezone.now()
    return create_ballot(
        two_slots[0].day.edition,
        "public",
        now - timedelta(days=1),
        now + timedelta(hours=1),
        visit=two_slots[0].visit,
    )


def enter(ballot, number: int, choices, party: int) -> BallotEntry:
    entrant = Entrant(f"Person {number}", f"p{number}@example.org", "74300", "en")
    return enter_ballot(ballot, entrant, [slot.pk for slot in choices], party)[0]


def close(ballot: Ballot) -> None:
    Ballot.objects.filter(pk=ballot.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    ballot.refresh_from_db()


def test_no_draw_before_the_close_and_only_one_draw(ballot):
    with pytest.raises(DrawNotAllowed):
        drawing.start_draw(ballot, "12 34 56")
    close(ballot)
    assert drawing.start_draw(ballot, "12 34 56") is True
    with pytest.raises(DrawNotAllowed):
        drawing.start_draw(ballot, "12 34 56")


def test_winners_are_booked_and_losers_wait_in_draw_order(ballot, two_slots, deliver_emails):
    first, second = two_slots
    entries = [enter(ballot, n, [first, second], 2) for n in range(5)]
    close(ballot)
    with deliver_emails.capture():
        drawing.start_draw(ballot, "7 14 21")
    seed = combined_seed(ballot.seed_secret, "7 14 21")
    in_order = sorted(entries, key=lambda entry: order_key(seed, entry.reference))
    # 4 places then 2: the first two drawn get the first slot, the third the second.
    expected = [first.pk, first.pk, second.pk, None, None]
    for entry, slot_id in zip(in_order, expected, strict=True):
        entry.refresh_from_db()
        assert entry.won_slot_id == slot_id
        assert (entry.booking_id is not None) == (slot_id is not None)
    for slot in two_slots:
        slot.refresh_from_db()
        assert slot.available == 0
        assert_counters_match_rows(slot)
    losers = [entry.email for entry in in_order[3:]]
    for slot in two_slots:
        queue = WaitlistEntry.objects.filter(slot=slot).order_by("created_at", "id")
        assert [row.email for row in queue] == losers
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == 3
    outbox = deliver_emails()
    tickets = [message for message in outbox if message.attachments]
    assert sorted(message.to[0] for message in tickets) == sorted(
        entry.email for entry in in_order[:3]
    )
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAWN
    assert [line["reference"] for line in ballot.log["lines"]] == [e.reference for e in in_order]


def test_the_log_holds_no_personal_data_and_rerun_draw_finds_the_same(ballot, two_slots, tmp_path):
    for n in range(6):
        enter(ballot, n, list(reversed(two_slots)), 1 + n % 2)
    close(ballot)
    drawing.start_draw(ballot, "public")
    ballot.refresh_from_db()
    text = json.dumps(ballot.log)
    assert "example.org" not in text and "Person" not in text
    out = io.StringIO()
    call_command("rerun_draw", str(ballot.pk), stdout=out)
    assert "same" in out.getvalue()
    path = tmp_path / "log.json"
    path.write_text(text)
    call_command("rerun_draw", "--log", str(path), stdout=io.StringIO())
    ballot.log["lines"][0]["slot"] = 999999
    path.write_text(json.dumps(ballot.log))
    with pytest.raises(CommandError):
        call_command("rerun_draw", "--log", str(path), stdout=io.StringIO())


def test_an_entrant_holding_a_booking_at_that_time_is_not_given_a_clashing_slot(ballot, two_slots):
    first, second = two_slots
    other_visit = SlotFactory(day=first.day, starts_at=first.starts_at)
    Booking.objects.create(
        slot=other_visit,
        party_size=1,
        name="P",
        email="p0@example.org",
        consent_at=timezone.now(),
    )
    entry = enter(ballot, 0, [first, second], 1)
    close(ballot)
    drawing.start_draw(ballot, "x")
    entry.refresh_from_db()
    assert entry.won_slot_id == second.pk and entry.won_rank == 2


def test_fairness_figures_count_first_any_and_no_choice(ballot, two_slots):
    for n in range(5):
        enter(ballot, n, list(two_slots), 2)
    close(ballot)
    drawing.start_draw(ballot, "x")
    (row,) = ballot_figures(ballot.edition, by="audience")
    assert (row.group, row.entrants, row.first_choice, row.any_choice, row.none) == (
        "public",
        5,
        2,
        3,
        2,
    )
    assert row.first_percent == 40.0


def test_the_organiser_draws_from_the_console_and_downloads_the_log(
    client, ballot, two_slots, django_user_model
):
    organiser = django_user_model.objects.create_user(
        "orga", "orga@example.org", "pw", role="organiser"
    )
    enter(ballot, 1, list(two_slots), 1)
    close(ballot)
    client.force_login(organiser)
    assert client.get(f"/organisation/tirages/{ballot.pk}/").status_code == 200
    assert client.post(f"/organisation/tirages/{ballot.pk}/tirer/", {"public_value": ""})
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.OPEN  # no public value, no draw
    client.post(f"/organisation/tirages/{ballot.pk}/tirer/", {"public_value": "42"})
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAWN
    csv = client.get(f"/organisation/tirages/{ballot.pk}/journal.csv").content.decode()
    entry = BallotEntry.objects.get()
    assert entry.reference in csv and "example.org" not in csv
    assert client.get(f"/organisation/tirages/{ballot.pk}/journal.xml").status_code == 404
    page = client.get("/organisation/tirages/")
    assert page.status_code == 200


def test_a_visitor_sees_its_ticket_after_the_draw(client, ballot, two_slots):
    entry = enter(ballot, 1, list(two_slots), 1)
    close(ballot)
    drawing.start_draw(ballot, "x")
    entry.refresh_from_db()
    page = client.get(f"/tirage/inscription/{entry.token}/")
    assert f"/reservation/{entry.booking.token}/" in page.content.decode()
    # A page reached by a secret link, with no form on it: never kept by a shared cache.
    assert page["Cache-Control"] == "no-store, private"


def test_a_big_ballot_is_drawn_by_the_task_worker(ballot, two_slots, monkeypatch, deliver_emails):
    monkeypatch.setattr(drawing, "DRAW_AT_ONCE", 1)
    for n in range(3):
        enter(ballot, n, list(two_slots), 1)
    close(ballot)
    with deliver_emails.capture():
        assert drawing.start_draw(ballot, "x") is False
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAWING
    deliver_emails()
    ballot.refresh_from_db()
    assert ballot.status == BallotStatus.DRAWN
    assert Booking.objects.count() == 3
