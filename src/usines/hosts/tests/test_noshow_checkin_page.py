"""The released places on the host's check-in page: the release time, releasing now,
letting in a short-notice party and the queue at the gate."""

from datetime import timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.bookings.models import BookingStatus, SlotRelease, WaitlistStatus, WalkIn
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.editions.models import EditionDay
from usines.factories.models import Slot
from usines.testsupport import SlotFactory, assert_counters_match_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def gate(client, slot):
    """A host logged in (in English) at its site's gate: the slot of 4 places started 20
    minutes ago, Ana (2 places) not checked in, Bob (2), Wendy waits at short notice."""
    slot.capacity = 4
    slot.save()
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    site = slot.visit.participation.site
    site.team.add(host)
    ana = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org")).booking
    book_visit(slot.pk, 2, Contact("Bob", "bob@example.org"))
    wendy = join_waitlist(slot.pk, 2, Contact("Wendy", "w@example.org"), short_notice=True).entry
    now = timezone.now()
    EditionDay.objects.filter(pk=slot.day_id).update(date=timezone.localdate(now))
    Slot.objects.filter(pk=slot.pk).update(starts_at=now - timedelta(minutes=20))
    client.force_login(host)
    client.cookies["django_language"] = "en"
    page = f"/hote/site/{site.pk}/accueil/{slot.day_id}/"
    return {"slot": slot, "ana": ana, "wendy": wendy, "page": page}


def test_the_page_shows_each_slot_with_its_release_form(client, gate):
    page = client.get(gate["page"]).content.decode()

    assert f'id="gate-slot-{gate["slot"].pk}"' in page
    assert "Release the unclaimed places now" in page  # started, no release time: by hand
    assert "Wendy" in page


def test_the_host_sets_the_release_time_and_refuses_nonsense(client, gate):
    client.post(f"{gate['page']}liberation/heure/", {"slot": gate["slot"].pk, "minutes": "10"})
    assert SlotRelease.objects.get(slot=gate["slot"]).minutes == 10

    response = client.post(
        f"{gate['page']}liberation/heure/", {"slot": gate["slot"].pk, "minutes": "-3"}, follow=True
    )
    assert "Type a number of minutes" in response.content.decode()
    assert SlotRelease.objects.get(slot=gate["slot"]).minutes == 10

    client.post(f"{gate['page']}liberation/heure/", {"slot": gate["slot"].pk, "minutes": ""})
    assert SlotRelease.objects.get(slot=gate["slot"]).minutes is None


def test_release_now_then_let_the_short_notice_party_in(client, gate):
    slot = gate["slot"]

    released = client.post(f"{gate['page']}liberation/", {"slot": slot.pk}, follow=True)
    admitted = client.post(
        f"{gate['page']}liberation/accueillir/", {"entry": gate["wendy"].pk}, follow=True
    )

    assert "4 places released." in released.content.decode()
    assert "Welcome Wendy" in admitted.content.decode()
    gate["wendy"].refresh_from_db()
    assert gate["wendy"].status == WaitlistStatus.ACCEPTED
    assert gate["wendy"].booking.checked_in_at is not None
    assert_counters_match_rows(slot)


def test_a_release_time_not_yet_reached_is_refused(client, gate):
    SlotRelease.objects.create(slot=gate["slot"], minutes=60)

    response = client.post(f"{gate['page']}liberation/", {"slot": gate["slot"].pk}, follow=True)

    assert "cannot be released before its release time" in response.content.decode()
    gate["ana"].refresh_from_db()
    assert gate["ana"].status == BookingStatus.CONFIRMED


def test_the_gate_queue_takes_free_places_as_walk_ins_and_is_counted(client, gate):
    slot = gate["slot"]
    client.post(f"{gate['page']}liberation/", {"slot": slot.pk})  # 4 freed, 2 held for Wendy

    slot.refresh_from_db()
    free = slot.available
    response = client.post(
        f"{gate['page']}liberation/file/",
        {"slot": slot.pk, "category": "adult", "count": str(free), "client_key": "k-queue-1"},
        follow=True,
    )
    refused = client.post(
        f"{gate['page']}liberation/file/",
        {"slot": slot.pk, "category": "adult", "count": "1", "client_key": "k-queue-2"},
        follow=True,
    )

    assert free == 2 and WalkIn.objects.get(slot=slot).count == free
    assert_counters_match_rows(slot)
    assert "free places" in response.content.decode()
    assert "places are free on this slot" in refused.content.decode()
    page = client.get(gate["page"]).content.decode()
    assert f'data-walkins="{slot.pk}">{free}<' in page


def test_another_sites_slot_is_404(client, gate):
    other = SlotFactory(day=gate["slot"].day)

    for action in ("liberation/", "liberation/heure/", "liberation/file/"):
        assert client.post(f"{gate['page']}{action}", {"slot": other.pk}).status_code == 404


def test_nonsense_posts_never_fail(client, gate):
    for action, data in (
        ("liberation/", {"slot": "x"}),
        ("liberation/accueillir/", {"entry": "abc"}),
        ("liberation/file/", {"slot": gate["slot"].pk, "count": "1e400"}),
    ):
        assert client.post(f"{gate['page']}{action}", data).status_code in (302, 404)
