"""A teacher's school day in a real browser: book a class with a coach, the organiser
accepts the pooled coach, the teacher downloads the visit sheet."""

import re
from urllib.parse import urlparse

import pytest
from django.core import mail
from django.core.management import call_command
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.schools import services
from usines.schools.models import ClassGroup, CoachPool, School
from usines.testsupport import EditionDayFactory, SlotFactory, confirmed_teacher, log_in, new_page

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


def phone(browser, url: str, username: str):
    return log_in(new_page(browser, accept_downloads=True), url, username, PASSWORD)


def test_teacher_books_a_class_with_a_coach_and_gets_the_visit_sheet(live_server, browser):
    slot = SlotFactory(
        day=EditionDayFactory(audience=Audience.SCHOOL),
        capacity=60,
        visit__minimum_age=0,
        visit__participation__site__name="Décolletage du Giffre",
    )
    school = School.objects.create(
        uai="0740003B",
        name="Lycée Charles Poncet",
        city="Cluses",
        latitude=45.94,
        longitude=6.63,
        email="ce.0740003b@ac-grenoble.fr",
    )
    User.objects.create_user("prof@example.org", "prof@example.org", PASSWORD, role=Role.TEACHER)
    User.objects.create_user("orga@example.org", "orga@example.org", PASSWORD, role=Role.ORGANISER)
    # A class from a nearby school already asked for a coach to the same visit.
    neighbour = User.objects.create_user(
        "n@example.org", "n@example.org", PASSWORD, role=Role.TEACHER
    )
    confirmed_teacher(
        neighbour,
        School.objects.create(
            uai="0740008G", name="Collège voisin", latitude=45.92, longitude=6.69
        ),
    )
    services.book_class(
        slot.pk, neighbour, services.ClassDetails("3e", "general", 20, 10, 2),
        coach=services.CoachWish(seats=22),
    )  # fmt: skip

    page = phone(browser, live_server.url, "prof@example.org")
    page.get_by_label("Votre établissement\u00a0: son code UAI ou son nom").fill("0740003B")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("En attente de la confirmation de Lycée Charles Poncet").wait_for()
    assert "Visites réservées" not in page.content()  # nothing of the school before its proof

    # The school's office confirms from the link sent to its official address.
    call_command("db_worker", batch=True, verbosity=0)
    to_office = next(m for m in mail.outbox if m.to == ["ce.0740003b@ac-grenoble.fr"])
    link = re.search(r"http\S+/enseignant/confirmer/\S+/", to_office.body).group(0)
    office = new_page(browser)
    office.goto(live_server.url + urlparse(link).path)
    office.get_by_role("button", name="Oui, cette personne enseigne ici").click()
    office.get_by_text("est désormais confirmé").wait_for()
    page.reload()
    page.get_by_text("Établissement\u00a0: Lycée Charles Poncet").wait_for()
    page.goto(live_server.url + f"/usine/{slot.visit.participation.site_id}/")
    page.get_by_role("link", name=re.compile("^Réserver pour une classe")).first.click()
    page.get_by_label("Niveau").select_option(label="2de")
    page.get_by_label("Voie").select_option(label="Générale")
    page.get_by_label("Nombre d’élèves").fill("28")
    page.get_by_label("Dont filles").fill("13")
    page.get_by_label("Adultes accompagnateurs").fill("2")
    page.get_by_label("Nous avons besoin d’un autocar").check()
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Réserver pour ma classe").click()
    page.get_by_text("Votre classe est inscrite.").wait_for()
    page.get_by_text("Autocar demandé pour 30 places").wait_for()
    group = ClassGroup.objects.get(school=school)
    assert (group.pupils, group.girls, group.adults) == (28, 13, 2)

    organiser = phone(browser, live_server.url, "orga@example.org")
    organiser.goto(live_server.url + "/organisation/autocars/")
    organiser.get_by_role("button", name="Proposer des autocars").click()
    organiser.get_by_text("1 autocar proposé pour 2 classes").wait_for()
    organiser.get_by_role("button", name="Accepter cet autocar").click()
    organiser.get_by_text("Autocar accepté").wait_for()
    assert CoachPool.objects.get().seats_used == 52

    page.reload()
    page.get_by_text("Un autocar de 59 places").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger la fiche de visite (PDF)").click()
    text = "".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Décolletage du Giffre" in text
    assert "Autocar" in text and "Collège voisin" in text
