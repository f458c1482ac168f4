"""A visitor's surveys in a real browser: book, answer before the visit from the
confirmation e-mail, get checked in by the host, answer after the visit from the
exit QR code's link on the same phone."""

import re

import pytest
from django.core import mail
from django.core.management import call_command

from usines.accounts.models import Role, User
from usines.bookings.models import Booking
from usines.surveys.models import Moment, Response
from usines.surveys.tasks import queue_after_surveys
from usines.surveys.tests.support import start_visit
from usines.testsupport import SlotFactory, log_in, new_page

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


def _answer(page) -> None:
    """Answer every question of the survey page: the first choice, 4 on a scale."""
    page.locator("input[name=recommend_industry][value=certainly]").check()
    page.locator("input[name=jobs_known][value=welder]").check()
    page.locator("input[name=image_industry][value='4']").check()
    for name in ("discovered_factory_near_home", "satisfaction"):
        options = page.locator(f"input[name={name}]")
        if options.count():
            options.last.check()
    page.locator("form.survey button[type=submit]").click()
    page.locator(".message-success").wait_for()


def test_book_answer_before_check_in_and_answer_at_the_exit(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    slot = SlotFactory()
    site = slot.visit.participation.site
    host_user = User.objects.create_user("hote@example.org", "hote@example.org", PASSWORD,
                                         role=Role.HOST)  # fmt: skip
    site.team.add(host_user)

    visitor = new_page(browser)
    visitor.goto(live_server.url + f"/creneau/{slot.pk}/reserver/")
    visitor.get_by_label("Nombre de places").fill("2")
    visitor.get_by_label("Votre nom").fill("Alice Martin")
    visitor.get_by_label("E-mail", exact=True).fill("alice@example.org")
    visitor.get_by_label("Votre code postal").fill("74300")
    visitor.get_by_label(re.compile("^J’accepte")).check()
    visitor.get_by_role("button", name="Confirmer ma réservation").click()
    visitor.get_by_text("Votre réservation est confirmée.").wait_for()
    booking = Booking.objects.get()

    call_command("db_worker", batch=True, verbosity=0)
    [confirmation] = mail.outbox
    before_url = re.search(r"\S+/enquete/avant/\S+/", confirmation.body).group(0)
    visitor.goto(before_url)
    _answer(visitor)
    assert Response.objects.get(moment=Moment.BEFORE).booking == booking

    start_visit(slot, hours_ago=1)  # the day comes, the visit starts
    host = log_in(new_page(browser, 1280, 800), live_server.url, "hote@example.org", PASSWORD)
    host.goto(live_server.url + f"/hote/site/{site.pk}/accueil/{slot.day_id}/")
    host.get_by_label("Code du billet").fill(booking.checkin_code)
    host.get_by_role("button", name="Enregistrer l’arrivée").click()
    host.get_by_text("Bienvenue\u00a0! 2 places").wait_for()
    assert host.locator("#exit-survey-title ~ .qr svg").count() == 1
    host.locator("#exit-survey-title ~ p a").click()
    exit_url = host.locator(".survey-url a").first.get_attribute("href")

    visitor.goto(exit_url)  # the phone that answered before the visit
    _answer(visitor)
    after = Response.objects.get(moment=Moment.AFTER)
    assert after.booking == booking
    assert after.answers.get(question__key="recommend_industry").choices.get().key == "certainly"
    assert queue_after_surveys() == 0  # no evening e-mail: already answered
