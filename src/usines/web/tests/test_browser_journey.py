"""A visitor's whole journey in a real headless Chromium (Playwright over /usr/bin/chromium)."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from usines.bookings.models import Booking, BookingStatus
from usines.editions.models import Audience
from usines.testsupport import (
    CommuneFactory,
    DepartmentFactory,
    EditionDayFactory,
    NafCodeFactory,
    RegionFactory,
    SlotFactory,
    new_page,
    place_commune,
    slot_at,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page(browser):
    return new_page(browser)


def test_visitor_filters_books_reads_the_email_and_cancels(live_server, browser_page, settings):
    settings.SITE_URL = live_server.url
    slot = SlotFactory(capacity=12, visit__participation__site__name="Décolletage du Mont-Blanc")
    paris = CommuneFactory(
        insee_code="75056",
        name="Paris",
        department=DepartmentFactory(
            code="75", name="Paris", region=RegionFactory(code="11", name="Île-de-France")
        ),
    )
    SlotFactory(
        day=slot.day,
        visit__participation__site__commune=paris,
        visit__participation__site__name="Chocolaterie de Paris",
    )
    page = browser_page

    page.goto(live_server.url + "/")
    page.get_by_text("Plus de filtres").click()
    page.get_by_label("Région", exact=True).select_option(label="Auvergne-Rhône-Alpes")
    page.get_by_role("button", name="Afficher les visites").click()
    assert page.get_by_text("Chocolaterie de Paris").count() == 0
    page.get_by_role("link", name="Décolletage du Mont-Blanc").click()
    page.get_by_role("link", name=re.compile("^Réserver")).first.click()
    page.get_by_label("Nombre de places").fill("2")
    page.get_by_label("Votre nom").fill("Alice Martin")
    page.get_by_label("E-mail", exact=True).fill("alice@example.org")
    page.get_by_label("Votre code postal").fill("74300")
    page.get_by_label(re.compile("^J’accepte")).check()
    page.get_by_role("button", name="Confirmer ma réservation").click()

    page.get_by_text("Votre réservation est confirmée.").wait_for()
    booking = Booking.objects.get()
    assert page.get_by_text(booking.checkin_code).count() >= 1
    slot.refresh_from_db()
    assert slot.booked == 2

    call_command("db_worker", batch=True, verbosity=0)
    message = next(m for m in mail.outbox if m.to == ["alice@example.org"])
    link = re.search(r"http\S+/reservation/\S+/", message.body).group(0)

    page.goto(link)
    page.get_by_role("link", name="Annuler ma réservation").click()
    page.get_by_role("button", name="Oui, annuler ma réservation").click()
    page.get_by_text("Votre réservation est annulée").first.wait_for()

    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert slot.booked == 0
    page.goto(f"{live_server.url}/usine/{slot.visit.participation.site_id}/")
    assert page.get_by_text("12 places restantes").count() == 1


def test_visitor_finds_the_nearest_metalworking_visit_and_opens_it_from_the_map(
    live_server, browser_page
):
    from usines.reference.models import NafDivision, NafSection

    day = EditionDayFactory(audience=Audience.PUBLIC)
    section = NafSection.objects.get_or_create(code="C", defaults={"label": "Industrie"})[0]
    food = NafCodeFactory(
        code="10.82Z",
        label="Fabrication de cacao, chocolat et confiserie",
        division=NafDivision.objects.create(code="10", label="Alimentaire", section=section),
    )
    slot_at(day, "annecy", name="Aérostructures d'Annecy")
    slot_at(day, "sallanches", name="Chocolaterie du Mont-Blanc", naf=food)
    slot_at(day, "cluses", name="Décolletage de Cluses")
    full = slot_at(day, "lyon", name="Robinetterie lyonnaise")
    full.booked = full.capacity
    full.save()
    annecy_full = SlotFactory(day=day, visit__participation__site__name="Forges pleines")
    annecy_full.booked = annecy_full.capacity
    annecy_full.save()
    place_commune("saint-etienne")
    page = browser_page

    page.goto(live_server.url + "/")
    near = page.get_by_label("Près de (code postal ou commune)")
    near.fill("st eti")
    page.locator('#near-suggestions option[value="Saint-Étienne (42)"]').wait_for(state="attached")
    near.fill("74300")
    page.get_by_label("Dans un rayon de").select_option(label="100 km")
    page.get_by_role("button", name="Afficher les visites").click()

    cards = page.locator(".visit-card h3")
    assert cards.all_inner_texts()[:3] == [
        "Décolletage de Cluses",
        "Forges pleines",
        "Chocolaterie du Mont-Blanc",
    ]
    assert page.locator(".visit-card .distance").first.inner_text() == "0,0 km"
    assert "Robinetterie lyonnaise" not in cards.all_inner_texts()  # 138 km away

    page.get_by_label("Secteur").select_option(label="Métallurgie")
    page.get_by_label("Seulement les visites où il reste des places").check()
    page.get_by_role("button", name="Afficher les visites").click()

    assert cards.all_inner_texts() == ["Décolletage de Cluses", "Aérostructures d'Annecy"]
    assert "sector=metallurgie" in page.url and "near=74300" in page.url

    map_box = page.locator("#visit-map[data-sites='2']")
    map_box.wait_for()
    markers = page.locator("#visit-map img.leaflet-marker-icon")  # sites, not town names
    while markers.count() == 0:  # the two sites may start as one cluster: open it
        page.locator("#visit-map .marker-cluster").first.click()
        page.wait_for_timeout(400)
    # A marker clicked while the clusters still animate loses its popup: wait for the end.
    animating = "#visit-map .leaflet-cluster-anim, #visit-map .leaflet-zoom-anim"
    page.locator(animating).first.wait_for(state="detached")
    page.get_by_role("button", name="Aérostructures d'Annecy").click()
    page.locator(".leaflet-popup").get_by_role("link", name="Voir la visite").click()
    page.get_by_role("heading", name="Aérostructures d'Annecy").wait_for()
    assert page.get_by_text("Autres visites à proximité").count() == 1

    # Moving the map offers to search the area shown, which becomes a filter of the list.
    page.goto(live_server.url + "/?near=74300&radius=100")
    page.locator("#visit-map[data-sites]").wait_for()
    search_area = page.get_by_role("button", name="Chercher dans cette zone")
    assert not search_area.is_visible()
    page.locator("#visit-map .leaflet-control-zoom-in").click()
    search_area.click()
    page.wait_for_url("**bbox=**")
    assert "near=" not in page.url
    assert page.get_by_text("Seule la zone de la carte est affichée.").is_visible()
