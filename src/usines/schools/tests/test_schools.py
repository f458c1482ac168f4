"""The school day: UAI codes, the directory, class bookings and their limits, waiting
lists of whole classes, name lists and their purge, who came."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.bookings.exceptions import (
    PartySizeOutOfBounds,
    PlacesAvailable,
    SlotFull,
    WrongAudience,
)
from usines.bookings.models import Booking, BookingStatus, WaitlistStatus
from usines.bookings.services import Contact, accept_offer, book_visit, cancel_booking
from usines.editions.models import Audience
from usines.factories.models import Participation
from usines.schools import exceptions, services
from usines.schools.directory import import_directory
from usines.schools.figures import class_rows, summarise
from usines.schools.models import ClassGroup, ClassList, School, is_valid_uai
from usines.testsupport import (
    EditionDayFactory,
    SlotFactory,
    class_details,
    confirmed_teacher,
    in_processes,
    place_commune,
)

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "annuaire-sample.csv"


@pytest.mark.parametrize("code", ["0740003B", "0740008G", "0750655E", "0740003b"])
def test_uai_codes_with_their_check_letter(code):
    assert is_valid_uai(code)


@pytest.mark.parametrize("code", ["0740003C", "074003B", "07400030", "", "ABCDEFGH"])
def test_uai_codes_refused(code):
    assert not is_valid_uai(code)


def test_the_directory_import_keeps_valid_rows_and_counts_the_others():
    place_commune("cluses")

    with open(SAMPLE, encoding="utf-8") as handle:
        report = import_directory(handle)
    with open(SAMPLE, encoding="utf-8") as handle:  # importing again updates in place
        import_directory(handle)

    assert (report.imported, report.skipped) == (2, 1)
    school = School.objects.get(pk="0740003B")
    assert (school.name, school.city, school.commune_id) == (
        "Lycée Charles Poncet",
        "Cluses",
        "74081",
    )
    assert school.latitude == 46.0611
    assert School.objects.count() == 2


def test_a_class_takes_its_places_as_one_unit(school_slot, teacher):
    result = services.book_class(school_slot.pk, teacher, class_details())

    booking = result.booking
    school_slot.refresh_from_db()
    assert booking.party_size == 30 and school_slot.booked == 30
    assert booking.class_group.girls == 13
    assert booking.name.startswith("Lycée Charles Poncet – 2de")
    assert booking.email == "prof@example.org"


def test_a_retry_with_the_same_key_books_once(school_slot, teacher):
    first = services.book_class(
        school_slot.pk, teacher, class_details(), idempotency_key="class-key-01"
    )
    again = services.book_class(
        school_slot.pk, teacher, class_details(), idempotency_key="class-key-01"
    )

    assert again.booking.pk == first.booking.pk and not again.created
    assert ClassGroup.objects.count() == 1


def test_the_hosts_limits_on_classes(school_slot, teacher):
    visit = school_slot.visit
    visit.school_levels = "2de,1re,tle"
    visit.max_classes_per_slot = 1
    visit.save()

    with pytest.raises(exceptions.LevelNotWelcomed):
        services.book_class(school_slot.pk, teacher, class_details(level="3e"))
    services.book_class(school_slot.pk, teacher, class_details(pupils=10, girls=5))
    with pytest.raises(exceptions.ClassesFull):
        services.book_class(school_slot.pk, teacher, class_details(pupils=10, girls=5))
    assert Booking.objects.count() == 1


def test_too_young_for_the_visit(school_slot, teacher):
    visit = school_slot.visit
    visit.minimum_age = 16
    visit.save()

    with pytest.raises(exceptions.LevelNotWelcomed) as caught:
        services.book_class(school_slot.pk, teacher, class_details(level="4e"))
    assert "16" in str(caught.value.message)


def test_classes_only_on_the_school_day_and_public_only_on_the_public_day(slot, teacher):
    with pytest.raises(WrongAudience):
        services.book_class(slot.pk, teacher, class_details())
    school = SlotFactory(day=EditionDayFactory(audience=Audience.SCHOOL))
    with pytest.raises(WrongAudience):
        book_visit(school.pk, 2, Contact("A", "a@example.org", "74300"))


def test_a_class_larger_than_the_places_left_is_refused(school_slot, teacher):
    services.book_class(school_slot.pk, teacher, class_details(pupils=26, girls=10, adults=2))

    with pytest.raises(SlotFull):
        services.book_class(school_slot.pk, teacher, class_details(pupils=30, girls=10, adults=3))
    with pytest.raises(PartySizeOutOfBounds):  # beyond the edition's class size
        services.book_class(school_slot.pk, teacher, class_details(pupils=55, girls=10, adults=5))


def test_a_freed_place_goes_to_a_waiting_class_only_when_the_whole_class_fits(school_slot, teacher):
    with pytest.raises(PlacesAvailable):  # places are there: book them, do not wait
        services.join_class_waitlist(school_slot.pk, teacher, class_details())
    first = services.book_class(
        school_slot.pk, teacher, class_details(pupils=38, girls=20, adults=2)
    )
    second = services.book_class(
        school_slot.pk, teacher, class_details(pupils=18, girls=9, adults=2)
    )
    school_slot.refresh_from_db()
    assert school_slot.available == 0
    entry = services.join_class_waitlist(
        school_slot.pk, teacher, class_details()
    ).entry  # 30 persons

    cancel_booking(second.booking.token)  # 20 places free: the class of 30 does not fit
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING
    cancel_booking(first.booking.token)  # 60 free: now it fits
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED

    booking = accept_offer(entry.token)
    assert booking.class_group_id == entry.class_group_id
    assert booking.party_size == 30


def _book_a_class(slot_id: int, teacher_id: int, n: int) -> None:
    services.book_class(
        slot_id, User.objects.get(pk=teacher_id), class_details(pupils=8, girls=4, adults=2)
    )


@pytest.mark.django_db(transaction=True)
def test_twenty_classes_racing_for_three_class_places():
    slot = SlotFactory(day=EditionDayFactory(audience=Audience.SCHOOL), capacity=200)
    visit = slot.visit
    visit.max_classes_per_slot = 3
    visit.minimum_age = 0
    visit.save()
    user = User.objects.create_user("p@example.org", "p@example.org", "pw", role=Role.TEACHER)
    confirmed_teacher(user, School.objects.create(uai="0740008G", name="Collège"))

    outcomes = in_processes(_book_a_class, [(slot.pk, user.pk, n) for n in range(20)])

    assert outcomes.count("ok") == 3
    assert outcomes.count("classes_full") == 17
    slot.refresh_from_db()
    assert slot.booked == 30 == Booking.objects.filter(status=BookingStatus.CONFIRMED).count() * 10


def test_class_lists_only_for_sensitive_sites_checked_then_purged(school_slot, teacher):
    group = services.book_class(
        school_slot.pk, teacher, class_details(pupils=2, girls=1, adults=1)
    ).booking.class_group
    with pytest.raises(exceptions.ClassListMismatch):
        services.attach_class_list(group, "Léa Martin\nHugo Petit\nMme Roux")
    site = school_slot.visit.participation.site
    site.requires_named_visitors = True
    site.requires_birth_dates = True
    site.save()

    with pytest.raises(exceptions.ClassListMismatch):  # two names for three persons
        services.attach_class_list(group, "Léa Martin; 02/03/2010\nHugo Petit; 11/07/2010")
    with pytest.raises(exceptions.ClassListMismatch):  # a date in the wrong format
        services.attach_class_list(
            group, "Léa Martin; 2010-03-02\nHugo Petit; 11/07/2010\nX; 1/1/1980"
        )
    services.attach_class_list(
        group, "Léa Martin; 02/03/2010\nHugo Petit; 11/07/2010\nMme Roux; 01/01/1980\n"
    )
    assert ClassList.objects.get().entries[0] == {"name": "Léa Martin", "born": "2010-03-02"}

    assert services.purge_class_lists(now=timezone.now()) == 0  # the visit is ahead
    after = timezone.now() + timedelta(days=40)
    assert services.purge_class_lists(now=after) == 1
    assert not ClassList.objects.exists()
    group.refresh_from_db()
    assert (group.pupils, group.girls, group.adults) == (2, 1, 1)  # the counts stay


def test_who_came_pupils_and_girls_by_level(school_slot, teacher):
    from usines.bookings.checkin import attendance, check_in

    first = services.book_class(school_slot.pk, teacher, class_details()).booking
    services.book_class(
        school_slot.pk, teacher, class_details(level="1re", pupils=20, girls=12, adults=2)
    )
    participation = school_slot.visit.participation
    check_in(participation, school_slot.day, first.checkin_code, None, force=True)
    services.record_class_presence(first.class_group, pupils=25, girls=12, adults=2)
    scope = Participation.objects.filter(pk=participation.pk)

    rows = {row.label: row for row in summarise(class_rows(scope, "level"))}
    assert (rows["Total"].classes, rows["Total"].pupils, rows["Total"].girls) == (2, 48, 25)
    assert (rows["Total"].pupils_present, rows["Total"].girls_present) == (25, 12)
    assert rows["Total"].girls_share == 52.1
    assert attendance(scope).present_school == 27

    with pytest.raises(exceptions.ClassListMismatch):
        services.record_class_presence(first.class_group, pupils=10, girls=11, adults=2)


def test_teachers_find_their_school_by_name_or_code(client):
    place_commune("cluses")
    with open(SAMPLE, encoding="utf-8") as handle:
        import_directory(handle)

    by_name = client.get("/api/v1/schools", {"q": "lycee poncet cluses"}).json()
    by_code = client.get("/api/v1/schools", {"q": "07400"}).json()

    assert [item["uai"] for item in by_name] == ["0740003B"]
    assert [item["uai"] for item in by_code] == ["0740003B", "0740008G"]
    assert by_name[0]["label"] == "0740003B – Lycée Charles Poncet (Cluses)"


def test_a_class_booking_cannot_be_resized_from_the_public_link(school_slot, teacher):
    from usines.bookings.services import change_party_size

    booking = services.book_class(school_slot.pk, teacher, class_details()).booking
    with pytest.raises(PartySizeOutOfBounds):
        change_party_size(booking.token, 10)
    booking.refresh_from_db()
    assert booking.party_size == 30 == booking.class_group.persons


def test_pupils_and_girls_by_region_and_sector(school_slot, teacher):
    services.book_class(school_slot.pk, teacher, class_details())
    scope = Participation.objects.all()

    by_region = {row.label: row for row in summarise(class_rows(scope, "region"), "region")}
    by_sector = {row.label: row for row in summarise(class_rows(scope, "sector"), "sector")}

    assert (by_region["Auvergne-Rhône-Alpes"].pupils, by_region["Auvergne-Rhône-Alpes"].girls) == (
        28,
        13,
    )
    assert by_sector["Métallurgie"].classes == 1
