"""A factory's whole day in a real browser: register, approval, slots, a booking, check-in."""

import re

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.bookings.models import Booking
from usines.editions.models import Audience, EditionDay
from usines.factories.models import Participation, ParticipationStatus
from usines.testsupport import (
    EditionDayFactory,
    NafCodeFactory,
    log_in,
    new_page,
    place_commune,
)

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


def test_register_approve_open_slots_book_and_check_in(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    day = EditionDayFactory(audience=Audience.PUBLIC)
    place_commune("cluses")
    NafCodeFactory()
    for username, role in (("hote@example.org", Role.HOST), ("orga@example.org", Role.ORGANISER)):
        User.objects.create_user(username, username, PASSWORD, role=role)

    host = log_in(new_page(browser), live_server.url, "hote@example.org", PASSWORD)
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

    organiser = log_in(new_page(browser), live_server.url, "orga@example.org", PASSWORD)
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

    visitor = new_page(browser)
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
    EditionDay.objects.filter(pk=day.pk).update(date=timezone.localdate())  # the day comes

    host.goto(live_server.url + f"/hote/site/{participation.site_id}/accueil/{day.pk}/")
    host.get_by_label("Code du billet").fill(code.lower())
    host.get_by_role("button", name="Enregistrer l’arrivée").click()
    host.get_by_text("Bienvenue\u00a0! 2 places").wait_for()
    host.get_by_label("Adultes", exact=True).fill("4")
    host.get_by_role("button", name="+ Adultes").click()
    counts = host.locator("#counts")
    counts.locator("[data-count=walk_ins]", has_text="4").wait_for()
    assert counts.locator("[data-count=booked]").inner_text() == "2"
    assert counts.locator("[data-count=arrived]").inner_text() == "2"
    assert counts.locator("[data-count=total]").inner_text() == "6"

    host.get_by_label("Code du billet").fill(code)
    host.get_by_role("button", name="Enregistrer l’arrivée").click()
    host.get_by_text("Déjà arrivé à").wait_for()
    assert counts.locator("[data-count=arrived]").inner_text() == "2"
