"""The public and teachers' pages say whether bookings are open, and until or from when."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from usines.editions import services as editions
from usines.editions.models import PhaseKind
from usines.reference.geo import Place
from usines.schools.finder import slots_for_class
from usines.testsupport import EditionDayFactory, SlotFactory

pytestmark = pytest.mark.django_db
EN = {"accept-language": "en"}


def public_bookings(edition, first_day: int, last_day: int) -> None:
    today = timezone.localdate()
    editions.set_phases(
        edition,
        {PhaseKind.PUBLIC_BOOKINGS: (today + timedelta(days=first_day),
                                     today + timedelta(days=last_day))},
    )  # fmt: skip


def english_date(day) -> str:
    with override("en"):
        return date_format(day, "l j F")


def test_the_home_page_says_until_when_each_day_takes_bookings(client, slot):
    day = slot.day  # its window closes at midnight starting its own date

    page = client.get("/", headers=EN).content.decode()

    assert f"Bookings open until {english_date(day.date - timedelta(days=1))}" in page


def test_the_home_page_says_when_bookings_open_once_the_phase_is_ahead(client, slot):
    public_bookings(slot.day.edition, 3, 20)

    page = client.get("/", headers=EN).content.decode()

    assert f"Bookings open on {english_date(timezone.localdate() + timedelta(days=3))}" in page


def test_a_factory_page_offers_no_booking_while_bookings_are_closed(client, slot):
    public_bookings(slot.day.edition, -20, -1)

    page = client.get(f"/usine/{slot.visit.participation.site_id}/", headers=EN).content.decode()

    assert "Bookings are closed" in page
    assert f"/creneau/{slot.pk}/reserver/" not in page


def test_a_factory_page_offers_the_booking_while_bookings_are_open(client, slot):
    page = client.get(f"/usine/{slot.visit.participation.site_id}/", headers=EN).content.decode()

    assert f"/creneau/{slot.pk}/reserver/" in page


def test_the_teachers_page_says_when_school_bookings_open(client, teacher):
    day = EditionDayFactory(audience="school")
    SlotFactory(day=day)
    today = timezone.localdate()
    editions.set_phases(
        day.edition, {PhaseKind.SCHOOL_BOOKINGS: (today + timedelta(days=2), day.date)}
    )
    client.force_login(teacher)

    page = client.get("/enseignant/", headers=EN).content.decode()

    assert f"Bookings open on {english_date(today + timedelta(days=2))}" in page


def test_finding_a_visit_for_a_class_leaves_out_school_bookings_that_are_over(school_slot):
    here = Place(46.06, 6.57, "Cluses")
    edition = school_slot.day.edition
    assert list(slots_for_class(here, 30, 25, edition=edition)) == [school_slot]

    today = timezone.localdate()
    editions.set_phases(
        edition,
        {PhaseKind.SCHOOL_BOOKINGS: (today - timedelta(days=20), today - timedelta(days=1))},
    )

    assert not slots_for_class(here, 30, 25, edition=edition).exists()
