"""Hosts and the surveys: the exit QR code on the check-in page and its printable
codes, their site's feedback once, and never a visitor's answers."""

import pytest
from django.test import Client
from django.urls import reverse

from usines.accounts.models import Role, User
from usines.surveys import links
from usines.surveys.models import Moment, Response, SurveyAudience
from usines.surveys.services import current_questionnaire
from usines.surveys.tests.support import book, form_answers, start_visit
from usines.testsupport import SlotFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def host(client, slot):
    user = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    slot.visit.participation.site.team.add(user)
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return user


def _feedback_answers(slot, **changes):
    edition = slot.day.edition
    data = form_answers(current_questionnaire(edition, SurveyAudience.HOSTS, Moment.FEEDBACK))
    data.update(changes)
    return data


def test_the_check_in_page_shows_the_exit_survey_code(client, host, slot):
    site = slot.visit.participation.site
    page = client.get(reverse("hosts:checkin", args=[site.pk, slot.day_id])).content.decode()

    assert "Survey at the exit" in page
    assert "<svg" in page
    assert reverse("hosts:exit_codes", args=[site.pk, slot.day_id]) in page


def test_the_printable_page_has_one_code_per_public_slot(client, host, slot):
    second = SlotFactory(day=slot.day, visit=slot.visit, starts_at=slot.starts_at.replace(hour=14))
    site = slot.visit.participation.site
    page = client.get(reverse("hosts:exit_codes", args=[site.pk, slot.day_id])).content.decode()

    for each in (slot, second):
        assert reverse("surveys:exit", args=[links.exit_token(each.pk)]) in page


def test_another_sites_host_does_not_reach_the_exit_codes(client, slot):
    other = SlotFactory()
    user = User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.HOST)
    other.visit.participation.site.team.add(user)
    client.force_login(user)
    site = slot.visit.participation.site
    assert client.get(reverse("hosts:exit_codes", args=[site.pk, slot.day_id])).status_code == 404
    assert client.get(reverse("hosts:feedback", args=[site.pk])).status_code == 404


def test_the_feedback_opens_once_the_first_visit_has_started(client, host, slot):
    site = slot.visit.participation.site
    page = client.get(reverse("hosts:feedback", args=[site.pk])).content.decode()
    assert "Your feedback opens on the day of your visit" in page
    assert 'name="open_again"' not in page

    start_visit(slot)
    page = client.get(reverse("hosts:feedback", args=[site.pk])).content.decode()
    assert 'name="open_again"' in page


def test_a_site_gives_its_feedback_once(client, host, slot):
    start_visit(slot)
    site = slot.visit.participation.site
    url = reverse("hosts:feedback", args=[site.pk])

    assert (
        client.post(url, _feedback_answers(slot, what_to_change="Plus de créneaux")).status_code
        == 302
    )
    again = client.post(url, _feedback_answers(slot, what_to_change="Autre chose"), follow=True)

    response = Response.objects.get()
    assert response.participation == slot.visit.participation
    assert response.answers.get(question__key="what_to_change").text == "Plus de créneaux"
    assert "Your team gave its feedback on" in again.content.decode()


def test_a_host_never_sees_a_visitors_answers(client, host, slot):
    booking = book(slot)
    start_visit(slot)
    edition = slot.day.edition
    answers = form_answers(current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.AFTER))
    answers["comment"] = "Le chef d'atelier était formidable"
    Client().post(reverse("surveys:after", args=[booking.token]), answers)
    assert Response.objects.filter(booking=booking).exists()

    site = slot.visit.participation.site
    for url in (
        reverse("hosts:checkin", args=[site.pk, slot.day_id]),
        reverse("hosts:exit_codes", args=[site.pk, slot.day_id]),
        reverse("hosts:feedback", args=[site.pk]),
        reverse("hosts:site", args=[site.pk]),
        reverse("hosts:attendance", args=[site.pk]),
    ):
        assert "formidable" not in client.get(url).content.decode()
