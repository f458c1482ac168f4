"""A factory's whole day in a real browser: register, approval, slots, a booking, check-in."""

import os
import re
import shutil

import pytest

from usines.accounts.models import Role, User
from usines.bookings.models import Booking
from usines.editions.models import Audience
from usines.factories.models import Participation, ParticipationStatus
from usines.testsupport import EditionDayFactory, NafCodeFactory, place_commune

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed"),
]


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    return context.new_page()


def log_in(page, url: str, username: str) -> None:
    page.goto(url + "/accounts/login/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill("un mot de passe solide")
    page.locator("main").get_by_role("button", name="Se connecter").click()


def test_register_approve_open_slots_book_and_check_in(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    day = EditionDayFactory(audience=Audience.PUBLIC)
    place_commune("cluses")
    NafCodeFactory()
    for username, role in (("hote@example.org", Role.HOST), ("orga@example.org", Role.ORGANISER)):
        User.objects.create_user(username, username, "un mot de passe solide", role=role)

    host = phone(browser)
    log_in(host, live_server.url, "hote@example.org")
    host.get_by_role("link", name="Inscrire un site").click()
    host.get_by_label("SIRET du site").fill("732 829 320 00074")
    host.get_by_label("Nom du site").fill("Décolletage du Giffre")
    host.get_by_label("Adresse").fill("12 rue des Tourneurs")
    host.get_by_label("Code postal").fill("74300")
    host.get_by_label("Commune").fill("Cluses")
    host.get_by_label("Code d’activité (NAF)").fill("25.62B")
    host.get_by_label("Salariés sur le site").select_option(label="50 à 99 salariés")
    host.get_by_role("button", name="Inscrire le site").click()
    host.get_by_text("Votre site est inscrit.").wait_for()
    host.get_by_label("Ce que montre la visite").fill("Les tours à commande numérique.")
    host.get_by_role("button", name="Enregistrer la visite").click()
    host.get_by_role("button", name="Soumettre pour approbation").click()
    host.get_by_text("Votre visite est soumise").wait_for()
    participation = Participation.objects.get()
    assert participation.status == ParticipationStatus.SUBMITTED

    organiser = phone(browser)
    log_in(organiser, live_server.url, "orga@example.org")
    organiser.get_by_role("link", name="Décolletage du Giffre").click()
    organiser.get_by_label("Approuver").check()
    organiser.get_by_role("button", name="Enregistrer la décision").click()
    organiser.get_by_text("décision enregistrée").wait_for()

    host.reload()
    host.get_by_role("link", name="Ouvrir une journée de créneaux").click()
    host.get_by_label("Premier départ").fill("09:00")
    host.get_by_label("Dernier départ").fill("10:30")
    host.get_by_label("Places par créneau").fill("10")
    host.get_by_role("button", name="Ouvrir ces créneaux").click()
    host.get_by_text("3 créneaux ouverts.").wait_for()
    host.get_by_role("button", name="Publier la visite").click()
    host.get_by_text("Votre visite est en ligne").first.wait_for()

    visitor = phone(browser)
    visitor.goto(live_server.url + f"/usine/{participation.site_id}/")
    visitor.get_by_role("link", name=re.compile("^Réserver")).first.click()
    visitor.get_by_label("Nombre de places").fill("2")
    visitor.get_by_label("Votre nom").fill("Alice Martin")
    visitor.get_by_label("E-mail", exact=True).fill("alice@example.org")
    visitor.get_by_label("Votre code postal").fill("74300")
    visitor.get_by_label(re.compile("^J’accepte")).check()
    visitor.get_by_role("button", name="Confirmer ma réservation").click()
    visitor.get_by_text("Votre réservation est confirmée.").wait_for()
    code = Booking.objects.get().checkin_code

    host.goto(live_server.url + f"/hote/site/{participation.site_id}/accueil/{day.pk}/")
    host.get_by_label("Code du billet").fill(code.lower())
    host.get_by_role("button", name="Enregistrer l’arrivée").click()
    host.get_by_text("Bienvenue ! 2 places").wait_for()
    host.get_by_label("Adultes", exact=True).fill("4")
    host.get_by_role("button", name="+ Adultes").click()
    counts = host.locator("#counts")
    counts.locator("[data-count=walk_ins]", has_text="4").wait_for()
    assert counts.locator("[data-count=booked]").inner_text() == "2"
    assert counts.locator("[data-count=arrived]").inner_text() == "2"
    assert counts.locator("[data-count=public]").inner_text() == "6"
    assert counts.locator("[data-count=total]").inner_text() == "6"

    host.get_by_label("Code du billet").fill(code)
    host.get_by_role("button", name="Enregistrer l’arrivée").click()
    host.get_by_text("Déjà arrivé à").wait_for()
    assert counts.locator("[data-count=arrived]").inner_text() == "2"
