"""Booking a class: what a teacher reads when the class does not fit, the coach's
details read only when a coach is asked for, and the class page and visit sheet with
the check-in QR code, the host's contacts and the coach's pick-up time."""

from io import BytesIO

import pytest
from django.utils import timezone, translation
from PIL import Image, ImageChops
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.bookings.exceptions import SlotFull
from usines.bookings.models import Booking
from usines.bookings.tickets import ticket_qr_png
from usines.factories.models import Participation, Slot
from usines.schools import coaches, services, timetables
from usines.schools.models import ClassGroup, CoachPool, CoachRequest, School
from usines.testsupport import class_details, confirmed_teacher

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def class_form(**fields) -> dict:
    return {
        "level": "2de", "track": "general", "pupils": "28", "girls": "13", "adults": "2",
        "idempotency_key": "form-key-0001", "action": "book", "consent": "on", **fields,
    }  # fmt: skip


def fill(slot: Slot, places: int) -> None:
    """Classes of another school take `places` places on the slot (40 a class at most)."""
    other = User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.TEACHER)
    confirmed_teacher(other, School.objects.create(uai="0740008G", name="Collège voisin"))
    while places > 0:
        persons = min(places, 40)
        services.book_class(slot.pk, other, class_details(pupils=persons - 1, girls=0, adults=1))
        places -= persons


@pytest.mark.parametrize(
    ("taken", "message"),
    [
        (40, "Your class needs 30 places (pupils and adults) but only 20 places are left"),
        (59, "Your class needs 30 places (pupils and adults) but only 1 place is left"),
        (60, "Your class needs 30 places (pupils and adults) but this slot is full."),
    ],
)
def test_a_class_that_does_not_fit_is_told_the_places_needed_and_left(
    client, school_slot, teacher, taken, message
):
    fill(school_slot, taken)
    client.force_login(teacher)

    response = client.post(f"/enseignant/creneau/{school_slot.pk}/", class_form(), **EN)

    html = response.content.decode()
    assert message in html
    assert 'value="waitlist"' in html  # the waiting list is offered instead
    assert not Booking.objects.filter(class_group__school__uai="0740003B").exists()


def test_the_service_says_the_same_to_the_api_and_every_caller(school_slot, teacher):
    fill(school_slot, 45)

    with translation.override("en"), pytest.raises(SlotFull) as refused:
        services.book_class(school_slot.pk, teacher, class_details())

    assert str(refused.value.message) == (
        "Your class needs 30 places (pupils and adults) but only 15 places are left on this slot."
    )


def test_coach_details_are_ignored_when_no_coach_is_asked_for(client, school_slot, teacher):
    client.force_login(teacher)

    response = client.post(
        f"/enseignant/creneau/{school_slot.pk}/",
        class_form(coach_seats="seventy", leave_after="25:99"),
    )

    booking = Booking.objects.get()
    assert response["Location"] == f"/enseignant/classe/{booking.pk}/"
    assert not CoachRequest.objects.exists()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"coach_seats": "70"}, "less than or equal to 59"),
        ({"coach_seats": "31"}, "The class counts 30 persons: the coach needs no more seats."),
        ({"leave_after": "10:30"}, "The visit starts at 10:00: the class must leave the school"),
    ],
)
def test_coach_details_are_checked_when_a_coach_is_asked_for(
    client, school_slot, teacher, fields, error
):
    client.force_login(teacher)

    response = client.post(
        f"/enseignant/creneau/{school_slot.pk}/", class_form(coach="on", **fields), **EN
    )

    assert error in response.content.decode()
    assert not Booking.objects.exists() and not ClassGroup.objects.exists()


def test_a_coach_for_the_whole_class_when_no_seats_are_given(client, school_slot, teacher):
    client.force_login(teacher)

    client.post(
        f"/enseignant/creneau/{school_slot.pk}/", class_form(coach="on", leave_after="08:15")
    )

    request = CoachRequest.objects.get()
    assert request.seats == 30 and request.leave_after.strftime("%H:%M") == "08:15"


def test_the_coach_fields_sit_apart_and_are_revealed_by_the_box(client, school_slot, teacher):
    client.force_login(teacher)

    html = client.get(f"/enseignant/creneau/{school_slot.pk}/").content.decode()

    details = html[html.index('<div id="coach-details">') :]
    assert 'aria-controls="coach-details"' in html
    assert 'name="coach_seats"' in details and 'name="leave_after"' in details
    assert "teachers/coach.js" in html


def booked_with_host(school_slot, teacher) -> Booking:
    host = User.objects.create_user(
        "hote@example.org", "hote@example.org", "pw", first_name="Anne", last_name="Martin"
    )
    school_slot.visit.participation.site.team.add(host)
    return services.book_class(school_slot.pk, teacher, class_details()).booking


def test_the_class_page_shows_the_ticket_qr_code_and_the_host(client, school_slot, teacher):
    booking = booked_with_host(school_slot, teacher)
    client.force_login(teacher)

    html = client.get(f"/enseignant/classe/{booking.pk}/", **EN).content.decode()

    assert "<svg" in html and f"<title>{booking.checkin_code}</title>" in html
    assert f"QR code of check-in code {booking.checkin_code}" in html
    assert "Anne Martin" in html and 'href="mailto:hote@example.org"' in html


def test_the_visit_sheet_carries_the_qr_code_and_the_host(client, school_slot, teacher):
    booking = booked_with_host(school_slot, teacher)
    client.force_login(teacher)

    pdf = PdfReader(BytesIO(client.get(f"/enseignant/classe/{booking.pk}/fiche.pdf").content))

    first = pdf.pages[0]
    assert "Anne Martin, hote@example.org" in first.extract_text()
    (image,) = first.images
    printed = image.image.convert("L")
    ticket = Image.open(BytesIO(ticket_qr_png(booking))).convert("L")
    assert printed.size == ticket.size
    assert ImageChops.difference(printed, ticket).getbbox() is None  # the very same QR code


def test_the_hosts_contact_for_the_day_is_on_the_class_page_and_the_sheet(
    client, school_slot, teacher
):
    school_slot.visit.day_contact_name = "Nadia Perrin"
    school_slot.visit.day_contact_phone = "04 50 98 12 34"
    school_slot.visit.save()
    booking = booked_with_host(school_slot, teacher)
    client.force_login(teacher)

    html = client.get(f"/enseignant/classe/{booking.pk}/", **EN).content.decode()
    pdf = PdfReader(BytesIO(client.get(f"/enseignant/classe/{booking.pk}/fiche.pdf").content))

    assert 'href="tel:04 50 98 12 34"' in html and "Nadia Perrin" in html
    assert "Nadia Perrin · 04 50 98 12 34" in pdf.pages[0].extract_text()


def test_the_class_page_tells_the_coach_pick_up_time(client, coach_classes, deliver_emails):
    slot, teachers = coach_classes
    organiser = User.objects.create_user(
        "g@example.org", "g@example.org", "pw", role=Role.ORGANISER
    )
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    with deliver_emails.capture():
        coaches.accept_coach_pool(CoachPool.objects.get(seats_used=52), organiser)
    outbox = deliver_emails()
    pool = CoachPool.objects.get(seats_used=52)
    coaches.set_coach_driver(pool, "Paul Durand", "06 12 34 56 78")
    mont_blanc = Booking.objects.get(class_group__teacher=teachers[0])
    client.force_login(teachers[0])

    html = client.get(f"/enseignant/classe/{mont_blanc.pk}/", **EN).content.decode()

    # Passy first, then Sallanches (Mont-Blanc), then the visit at Cluses at 10:00,
    # due at 9:50: the times follow from the route (see pooling's own tests).
    timetable = timetables.coach_timetable(timetables.stops_of([pool.pk])[pool.pk])
    pickup = timezone.localtime(timetable.pickup(mont_blanc.class_group.coach_request.pk))
    assert f"Be ready at your school at {pickup:%H:%M}" in html
    assert "Paul Durand" in html and 'href="tel:0612345678"' in html
    to_teacher = next(
        m for m in outbox if m.to == [teachers[0].email] and "autocar" in m.subject.lower()
    )
    assert f"{pickup:%H:%M}" in to_teacher.body
