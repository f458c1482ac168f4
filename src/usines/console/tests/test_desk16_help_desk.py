"""The help desk: organisers find the bookings of their scope and act on them for the
visitor or the teacher who calls; each action is recorded and listed."""

import pytest
from django.core import mail
from django.utils import translation

from usines.accounts.models import Role, User
from usines.bookings import desk
from usines.bookings.models import Booking, BookingAction, BookingActionKind, BookingStatus
from usines.bookings.services import Contact, book_visit
from usines.schools.services import book_class
from usines.testsupport import DepartmentFactory, RegionFactory, SlotFactory, class_details

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """New messages are checked in English (their French comes with the catalogue)."""
    with translation.override("en"):
        yield


def _organiser(email: str, region: str | None = None) -> User:
    return User.objects.create_user(email, email, "pw", role=Role.ORGANISER, region_id=region)


@pytest.fixture
def national(db):
    return _organiser("nat@example.org")


@pytest.fixture
def elodie(slot):
    """Élodie Martin's booking of 2 places at Cluses (Auvergne-Rhône-Alpes, 84)."""
    return book_visit(slot.pk, 2, Contact("Élodie Martin", "Elodie.Martin@example.org")).booking


@pytest.fixture
def paris_booking(slot):
    """A booking of a site in Paris (Île-de-France, 11), by another Martin."""
    idf = RegionFactory(code="11", name="Île-de-France")
    commune = SlotFactory.build().visit.participation.site.commune
    commune.pk = None
    commune.insee_code, commune.name = "75056", "Paris"
    commune.department = DepartmentFactory(code="75", name="Paris", region=idf)
    commune.save()
    paris = SlotFactory(
        day=slot.day,
        visit__participation__site__commune=commune,
        visit__participation__site__name="Atelier Parisien",
    )
    return book_visit(paris.pk, 3, Contact("Paul Martin", "paul@example.org")).booking


def _found(user: User, text: str = "", site: str = "") -> list[Booking]:
    return list(desk.find_bookings(desk.reachable_bookings(user), text, site))


def test_a_booking_is_found_by_first_name_surname_email_code_or_site(
    national, elodie, paris_booking
):
    assert _found(national, "elodie") == [elodie]
    assert _found(national, "Martin É") == [elodie]
    assert set(_found(national, "martin")) == {elodie, paris_booking}
    assert _found(national, "elodie.martin@") == [elodie]
    assert _found(national, elodie.checkin_code.lower()) == [elodie]
    assert _found(national, "martin", site="parisien") == [paris_booking]
    assert _found(national, "m") == []
    assert _found(national, "dupont") == []


def test_a_regional_organiser_finds_and_opens_only_its_region_s_bookings(
    client, elodie, paris_booking
):
    lyon = _organiser("ara@example.org", region="84")
    assert _found(lyon, "martin") == [elodie]

    client.force_login(lyon)
    page = client.get("/organisation/reservations/", {"q": "martin"})
    assert "Élodie Martin" in page.content.decode()
    assert "Paul Martin" not in page.content.decode()
    assert client.get(f"/organisation/reservations/{paris_booking.pk}/").status_code == 404
    assert client.post(f"/organisation/reservations/{paris_booking.pk}/annuler/").status_code == 404
    assert Booking.objects.get(pk=paris_booking.pk).status == BookingStatus.CONFIRMED


def test_hosts_have_no_help_desk(client, slot, elodie):
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(host)
    client.force_login(host)

    assert client.get("/organisation/reservations/", {"q": "elodie"}).status_code == 404
    assert client.get(f"/organisation/reservations/{elodie.pk}/").status_code == 404


def test_the_search_page_asks_for_enough_to_search(client, national, elodie):
    client.force_login(national)

    page = client.get("/organisation/reservations/", {"q": "e"}, HTTP_ACCEPT_LANGUAGE="en")

    assert "Type at least two letters" in page.content.decode()
    assert page.context["page"] is None


def test_resending_the_ticket_sends_it_again_and_is_recorded(
    client, national, elodie, deliver_emails
):
    deliver_emails()
    assert len(mail.outbox) == 1  # the confirmation, once
    client.force_login(national)

    for _ in range(2):
        with deliver_emails.capture():
            response = client.post(f"/organisation/reservations/{elodie.pk}/renvoyer/")
        assert response.status_code == 302
    outbox = deliver_emails()

    assert len(outbox) == 3
    assert outbox[1].to == outbox[2].to == ["Elodie.Martin@example.org"]
    assert outbox[2].subject == outbox[0].subject
    assert any(name.startswith("billet-") for name, _c, _t in outbox[2].attachments)
    actions = BookingAction.objects.filter(booking=elodie)
    assert [a.action for a in actions] == [BookingActionKind.TICKET_RESENT] * 2
    assert {a.actor for a in actions} == {national}


def test_changing_the_places_goes_through_the_booking_rules_and_is_recorded(
    client, national, slot, elodie
):
    client.force_login(national)

    response = client.post(f"/organisation/reservations/{elodie.pk}/places/", {"party_size": 4})

    assert response.status_code == 302
    elodie.refresh_from_db()
    slot.refresh_from_db()
    assert elodie.party_size == 4 and slot.booked == 4
    action = BookingAction.objects.get(booking=elodie)
    assert (action.action, action.detail, action.actor) == (
        BookingActionKind.PLACES_CHANGED,
        "2 → 4",
        national,
    )
    # More than the edition allows: refused with the booking's own message, nothing kept.
    client.post(f"/organisation/reservations/{elodie.pk}/places/", {"party_size": 50})
    client.post(f"/organisation/reservations/{elodie.pk}/places/", {"party_size": "x"})
    assert Booking.objects.get(pk=elodie.pk).party_size == 4
    assert BookingAction.objects.filter(booking=elodie).count() == 1


def test_cancelling_frees_the_places_and_the_page_lists_who_did_what(
    client, national, slot, elodie
):
    client.force_login(national)
    client.post(f"/organisation/reservations/{elodie.pk}/renvoyer/")

    client.post(f"/organisation/reservations/{elodie.pk}/annuler/")

    elodie.refresh_from_db()
    slot.refresh_from_db()
    assert elodie.status == BookingStatus.CANCELLED and slot.booked == 0
    page = client.get(f"/organisation/reservations/{elodie.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Ticket sent again" in text and "Cancelled" in text and national.email in text
    # A cancelled booking has nothing left to do: a second cancel is refused, unrecorded.
    client.post(f"/organisation/reservations/{elodie.pk}/annuler/")
    client.post(f"/organisation/reservations/{elodie.pk}/renvoyer/")
    assert BookingAction.objects.filter(booking=elodie).count() == 2


def test_a_class_booking_is_cancelled_or_its_ticket_resent_but_its_places_stay(
    client, national, school_slot, teacher
):
    booking = book_class(school_slot.pk, teacher, class_details()).booking
    client.force_login(national)

    page = client.get(f"/organisation/reservations/{booking.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "only its teacher changes" in page.content.decode()
    assert f"/organisation/reservations/{booking.pk}/places/" not in page.content.decode()
    client.post(f"/organisation/reservations/{booking.pk}/places/", {"party_size": 3})
    assert Booking.objects.get(pk=booking.pk).party_size == booking.party_size

    client.post(f"/organisation/reservations/{booking.pk}/renvoyer/")
    client.post(f"/organisation/reservations/{booking.pk}/annuler/")

    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert [a.action for a in booking.actions.order_by("pk")] == [
        BookingActionKind.TICKET_RESENT,
        BookingActionKind.CANCELLED,
    ]
