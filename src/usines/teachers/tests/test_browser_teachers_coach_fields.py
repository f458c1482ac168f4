"""In a real browser: the coach's details appear once a coach is asked for, and a
teacher finds a visit from its page and books it for the class it searched for."""

import re

import pytest
from playwright.sync_api import expect

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.schools.models import CoachRequest, School
from usines.testsupport import EditionDayFactory, confirmed_teacher, log_in, new_page, slot_at

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


def test_a_teacher_finds_a_visit_and_asks_for_a_coach(live_server, browser):
    slot = slot_at(EditionDayFactory(audience=Audience.SCHOOL), "sallanches", name="Usine du Fayet")
    slot.capacity = 60
    slot.save()
    teacher = User.objects.create_user(
        "p@example.org", "p@example.org", PASSWORD, role=Role.TEACHER
    )
    school = School.objects.create(
        uai="0740003B", name="Lycée Charles Poncet", latitude=46.0625, longitude=6.575
    )
    confirmed_teacher(teacher, school)
    page = log_in(new_page(browser), live_server.url, "p@example.org", PASSWORD)

    page.goto(live_server.url + "/enseignant/")
    page.get_by_label("Nombre d’élèves").fill("28")
    page.get_by_role("button", name="Trouver des visites").click()
    page.get_by_role("link", name="Usine du Fayet", exact=True).wait_for()
    page.get_by_role(
        "link", name=re.compile("^Réserver ce créneau pour ma classe – Usine du Fayet")
    ).click()

    assert page.get_by_label("Nombre d’élèves").input_value() == "28"
    seats = page.get_by_label("Places dans l’autocar")
    expect(seats).to_be_hidden()  # folded away until a coach is asked for
    page.get_by_label("Dont filles").fill("13")
    page.get_by_label("Nous avons besoin d’un autocar").check()
    expect(seats).to_be_visible()
    seats.fill("25")
    page.locator("input[name=consent]").check()
    page.get_by_role("button", name="Réserver pour ma classe").click()
    page.get_by_text("Votre classe est inscrite.").wait_for()

    assert CoachRequest.objects.get().seats == 25
