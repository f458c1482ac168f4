"""Every path that writes a booking gives it the names the help desk searches, and the
migration gave them to the bookings made before."""

import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from usines.bookings.bulk import load_bookings
from usines.bookings.models import Booking, search_names
from usines.bookings.services import (
    Contact,
    accept_offer,
    book_visit,
    cancel_booking,
    join_waitlist,
)

pytestmark = pytest.mark.django_db


def _names(booking: Booking) -> tuple[str, str]:
    return tuple(
        Booking.objects.filter(pk=booking.pk).values_list("search_name", "search_surname")[0]
    )


def test_a_name_is_searched_without_case_accents_or_punctuation_in_both_orders():
    assert search_names("  Jean-Noël  DE LA TOUR ") == (
        "jean noel de la tour",
        "tour jean noel de la",
    )
    assert search_names("Zoé") == ("zoe", "zoe")
    assert search_names("") == ("", "")


def test_the_booking_path_bulk_loading_and_an_accepted_offer_fill_the_search_names(slot):
    booked = book_visit(slot.pk, 6, Contact("Élodie Martin", "e@example.org")).booking
    book_visit(slot.pk, 4, Contact("Rémi Plein", "r@example.org"))
    fields = {"slot_id": slot.pk, "party_size": 1, "name": "Paul Écrin"}
    load_bookings([{**fields, "email": "p@example.org", "consent_at": timezone.now()}])
    loaded = Booking.objects.get(name="Paul Écrin")
    entry = join_waitlist(slot.pk, 2, Contact("Léa Dubois", "l@example.org")).entry
    cancel_booking(booked.token)
    offered = accept_offer(entry.token)

    assert _names(booked) == ("elodie martin", "martin elodie")
    assert _names(loaded) == ("paul ecrin", "ecrin paul")
    assert _names(offered) == ("lea dubois", "dubois lea")


def test_the_migration_fills_the_names_of_earlier_bookings(slot):
    booking = book_visit(slot.pk, 2, Contact("Élodie Martin", "e@example.org")).booking
    Booking.objects.filter(pk=booking.pk).update(search_name="", search_surname="")
    migration = importlib.import_module("usines.bookings.migrations.0007_desk16_search_names")

    migration.fill_search_names(apps, None)

    assert _names(booking) == ("elodie martin", "martin elodie")
