"""The visitor's search and booking pages: counts that follow the filters, the way from
a full slot to its waiting list, "near me" named by its commune, clean links, and the
English pages. New texts are read in English (their French comes with the catalogue)."""

import re
from datetime import timedelta

import pytest

from usines.bookings.models import Booking, WaitlistEntry
from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.testsupport import EditionDayFactory, SlotFactory, slot_at

pytestmark = pytest.mark.django_db
ENGLISH = {"accept-language": "en"}


@pytest.fixture
def both_days():
    """One site: 167 places on the public day; 0, 7, 3 and 4 places left on its school slots."""
    public = EditionDayFactory(audience=Audience.PUBLIC)
    school = EditionDayFactory(
        edition=public.edition, audience=Audience.SCHOOL, date=public.date - timedelta(days=1)
    )
    first = SlotFactory(day=public, capacity=100)
    SlotFactory(
        visit=first.visit, day=public, capacity=67, starts_at=first.starts_at + timedelta(hours=2)
    )
    school_slots = [
        SlotFactory(
            visit=first.visit,
            day=school,
            capacity=30,
            booked=30 - left,
            starts_at=first.starts_at - timedelta(days=1) + timedelta(hours=hour),
        )
        for hour, left in ((0, 0), (1, 7), (2, 3), (3, 4))
    ]
    return first, school_slots


def form_data(**overrides):
    return {
        "party_size": "2",
        "name": "Alice Martin",
        "email": "alice@example.org",
        "postcode": "74300",
        "consent": "on",
        "idempotency_key": "search-key-000001",
        **overrides,
    }


# --- Counts that follow the filters ---------------------------------------------


def test_a_card_counts_the_places_of_the_chosen_audience_and_links_its_next_slot(client, both_days):
    first, school_slots = both_days

    html = client.get("/", {"audience": "school"}, headers=ENGLISH).content.decode()

    card = html.split('class="visit-card"')[1]
    assert "14 places left" in card
    assert "167" not in card
    assert f'href="/enseignant/creneau/{school_slots[1].pk}/"' in card
    assert "7 places</a>" in card


def test_a_card_for_the_public_day_links_the_booking_page(client, both_days):
    first, school_slots = both_days

    html = client.get("/", {"day": first.day_id}, headers=ENGLISH).content.decode()

    card = html.split('class="visit-card"')[1]
    assert "167 places left" in card
    assert f'href="/creneau/{first.pk}/reserver/"' in card
    assert "100 places</a>" in card


def test_the_results_heading_counts_the_places_the_filters_leave(client, both_days):
    everything = client.get("/", headers=ENGLISH).content.decode()
    classes = client.get("/", {"audience": "school"}, headers=ENGLISH).content.decode()

    assert "1 factory matches<span" in everything and "181 places left</span>" in everything
    assert "14 places left</span>" in classes


def test_a_card_whose_chosen_slots_are_full_says_so(client, both_days):
    first, school_slots = both_days
    Slot.objects.filter(pk__in=[slot.pk for slot in school_slots]).update(booked=30)

    html = client.get("/", {"audience": "school"}, headers=ENGLISH).content.decode()

    card = html.split('class="visit-card"')[1]
    assert "Full – waiting list open" in card
    assert f'href="/usine/{first.visit.participation.site_id}/#slots"' in card


# --- From a full slot to its waiting list ----------------------------------------


def test_a_full_slots_booking_page_leads_to_its_waiting_list(client, slot):
    book_visit(slot.pk, 6, Contact("A", "a@example.org", "74300"))
    book_visit(slot.pk, 4, Contact("B", "b@example.org", "74300"))

    response = client.get(f"/creneau/{slot.pk}/reserver/")

    assert response.status_code == 302
    assert response["Location"] == f"/creneau/{slot.pk}/liste-attente/"
    site_page = client.get(f"/usine/{slot.visit.participation.site_id}/").content.decode()
    assert f"/creneau/{slot.pk}/liste-attente/" in site_page
    assert f"/creneau/{slot.pk}/reserver/" not in site_page


def test_a_slot_filled_meanwhile_offers_its_waiting_list_with_the_details_kept(client, slot):
    client.get(f"/creneau/{slot.pk}/reserver/")  # the visitor opens the form…
    book_visit(slot.pk, 6, Contact("A", "a@example.org", "74300"))  # …others take the places
    book_visit(slot.pk, 4, Contact("B", "b@example.org", "74300"))

    response = client.post(f"/creneau/{slot.pk}/reserver/", form_data(party_size="3"))

    html = response.content.decode()
    assert response.status_code == 200
    assert f'action="/creneau/{slot.pk}/liste-attente/"' in html
    assert 'value="Alice Martin"' in html and 'value="alice@example.org"' in html
    assert 'name="party_size" value="3"' in html
    consent = re.search(r'<input type="checkbox" name="consent"[^>]*>', html).group(0)
    assert "checked" not in consent  # agreed to again, for the waiting list
    assert not Booking.objects.filter(email="alice@example.org").exists()


def test_a_party_too_large_is_told_the_places_left_and_can_wait_as_one(client, slot):
    book_visit(slot.pk, 6, Contact("A", "a@example.org", "74300"))

    refused = client.post(
        f"/creneau/{slot.pk}/reserver/", form_data(party_size="5"), headers=ENGLISH
    )
    html = refused.content.decode()
    waitlist_url = f"/creneau/{slot.pk}/liste-attente/?places=5"
    assert "Only 4 places are left on this slot" in html
    assert f'href="{waitlist_url}"' in html
    assert f'formaction="/creneau/{slot.pk}/liste-attente/"' in html  # or with these details

    offered = client.get(waitlist_url).content.decode()
    assert 'name="party_size" value="5"' in offered

    joined = client.post(
        f"/creneau/{slot.pk}/liste-attente/", form_data(party_size="5", idempotency_key="w" * 16)
    )
    entry = WaitlistEntry.objects.get()
    assert joined["Location"] == f"/liste-attente/{entry.token}/"
    assert entry.party_size == 5


def test_a_nonsense_party_size_in_the_link_is_ignored(client, slot):
    html = client.get(f"/creneau/{slot.pk}/liste-attente/?places=²").content.decode()

    assert 'name="party_size" value="1"' in html


# --- Near me -------------------------------------------------------------------------


def test_my_position_is_named_by_its_nearest_commune(client):
    day = EditionDayFactory()
    slot_at(day, "saint-etienne", name="Cycles stéphanois")

    response = client.get("/", {"near": "45.4397,4.3872", "radius": "25"}, headers=ENGLISH)

    html = response.content.decode()
    assert "within 25 km of your position, near Saint-Étienne (42), nearest first" in html
    assert "of 45.4397" not in html
    assert 'name="near" value="Saint-Étienne (42)"' in html
    assert response.context["map"]["near"] == [45.4397, 4.3872]


def test_a_typed_commune_is_not_called_a_position(client):
    day = EditionDayFactory()
    slot_at(day, "cluses", name="Décolletage de Cluses")

    html = client.get("/", {"near": "74300"}, headers=ENGLISH).content.decode()

    assert "within 50 km of Cluses (74), nearest first" in html


# --- Results in view, clean links ------------------------------------------------------


def test_the_search_lands_on_the_results(client, slot):
    html = client.get("/").content.decode()

    assert 'action="/#results"' in html
    assert '<h2 id="results"' in html
    assert "js/filters.js" in html


def test_links_leave_out_empty_parameters(client, slot):
    for _ in range(25):
        SlotFactory(day=slot.day)

    response = client.get(
        "/", {"near": "", "radius": "50", "q": "", "day": "", "sector": "", "size": ""}
    )

    html = response.content.decode()
    assert 'href="?page=2#results"' in html
    assert response.context["query"] == ""


def test_links_keep_the_filters_that_are_set(client, slot):
    for _ in range(25):
        SlotFactory(day=slot.day)

    html = client.get("/", {"q": "usine", "day": "", "available": "on"}).content.decode()

    assert 'href="?q=usine&amp;available=on&amp;page=2#results"' in html


# --- English pages ---------------------------------------------------------------------


@pytest.fixture
def described(slot):
    edition = slot.day.edition
    edition.tagline = "Poussez les portes des usines."
    edition.tagline_en = "Step inside the factories."
    edition.save()
    division = slot.visit.participation.site.naf.division
    division.label_en = "Manufacture of fabricated metal products"
    division.save()
    visit = slot.visit
    visit.closed_shoes = True
    visit.no_photos = True
    visit.rules = "Cheveux longs attachés."
    visit.save()
    return slot


def test_english_pages_show_what_is_translated_in_english(client, described):
    site_id = described.visit.participation.site_id

    home = client.get("/", headers=ENGLISH).content.decode()
    page = client.get(f"/usine/{site_id}/", headers=ENGLISH).content.decode()

    assert '<p class="tagline">Step inside the factories.</p>' in home
    assert "Metalworking <span" in page
    assert "(Manufacture of fabricated metal products)" in page
    assert "Mécanique industrielle" not in page
    assert "<li>Closed shoes required</li>" in page and "<li>No photos</li>" in page


def test_english_pages_say_what_the_host_wrote_in_french(client, described):
    site_id = described.visit.participation.site_id

    page = client.get(f"/usine/{site_id}/", headers=ENGLISH).content.decode()

    assert "The host wrote the description of this visit in French." in page
    assert '<h2 lang="fr">Au cœur de l&#x27;atelier d&#x27;usinage</h2>' in page
    assert '<p lang="fr">Cheveux longs attachés.</p>' in page


def test_a_tagline_without_english_is_marked_as_french(client, described):
    edition = described.day.edition
    edition.tagline_en = ""
    edition.save()

    home = client.get("/", headers=ENGLISH).content.decode()

    assert '<p class="tagline" lang="fr">Poussez les portes des usines.</p>' in home


def test_french_pages_keep_the_french_labels(client, described):
    site_id = described.visit.participation.site_id

    home = client.get("/").content.decode()
    page = client.get(f"/usine/{site_id}/").content.decode()

    assert "Poussez les portes des usines." in home
    assert "(Mécanique industrielle)" in page
    assert "The host wrote" not in page
