"""A visitor answers before the visit from the confirmation e-mail's link and after it
from the same kind of link or the exit QR code, with no account."""

import re

import pytest
from django.urls import reverse

from usines import limits
from usines.bookings.models import Booking
from usines.editions.models import EditionDay
from usines.surveys import links
from usines.surveys.models import Moment, Response, SurveyAudience
from usines.surveys.services import current_questionnaire
from usines.surveys.tests.support import book, form_answers, start_visit

pytestmark = pytest.mark.django_db


def _questionnaire(slot, moment):
    return current_questionnaire(slot.day.edition, SurveyAudience.PUBLIC, moment)


def test_the_confirmation_email_links_to_the_before_survey(client, slot, deliver_emails):
    with deliver_emails.capture():
        booking = book(slot)
    [email] = deliver_emails()
    path = reverse("surveys:before", args=[booking.token])
    assert re.search(rf"https?://\S+{re.escape(path)}", email.body)

    page = client.get(reverse("surveys:before", args=[booking.token]))
    assert page.status_code == 200
    assert 'name="recommend_industry"' in page.content.decode()


def test_the_before_survey_records_anonymous_answers_for_the_booking(client, slot):
    booking = book(slot)
    questionnaire = _questionnaire(slot, Moment.BEFORE)
    url = reverse("surveys:before", args=[booking.token])

    answer = client.post(url, form_answers(questionnaire), HTTP_ACCEPT_LANGUAGE="en")

    assert answer.status_code == 302
    response = Response.objects.get()
    assert (response.booking, response.moment, response.audience) == (
        booking,
        Moment.BEFORE,
        SurveyAudience.PUBLIC,
    )
    recommend = response.answers.get(question__key="recommend_industry")
    assert [c.key for c in recommend.choices.all()] == ["certainly"]
    assert "Thank you" in client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_answering_again_replaces_the_first_answers(client, slot):
    booking = book(slot)
    questionnaire = _questionnaire(slot, Moment.BEFORE)
    url = reverse("surveys:before", args=[booking.token])
    client.post(url, form_answers(questionnaire, choice=0))

    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You answered on" in page
    client.post(url, form_answers(questionnaire, choice=3))

    response = Response.objects.get()
    recommend = response.answers.get(question__key="recommend_industry")
    assert [c.key for c in recommend.choices.all()] == ["certainly_not"]


def test_a_missing_answer_is_named_under_its_question(client, slot):
    booking = book(slot)
    data = form_answers(_questionnaire(slot, Moment.BEFORE))
    del data["recommend_industry"]
    data["image_industry"] = "9"

    page = client.post(
        reverse("surveys:before", args=[booking.token]), data, HTTP_ACCEPT_LANGUAGE="en"
    )

    text = page.content.decode()
    assert page.status_code == 200
    assert "Choose one answer." in text
    assert "Choose a number on the scale." in text
    assert "2 answers need your attention" in text
    assert not Response.objects.exists()


def test_the_before_survey_closes_when_the_visit_starts(client, slot):
    booking = book(slot)
    start_visit(slot)
    url = reverse("surveys:before", args=[booking.token])

    page = client.post(url, form_answers(_questionnaire(slot, Moment.BEFORE)))

    assert page.status_code == 200
    assert not Response.objects.exists()
    assert "recommend_industry" not in page.content.decode()


def test_the_after_survey_opens_once_the_visit_has_started(client, slot):
    booking = book(slot)
    url = reverse("surveys:after", args=[booking.token])
    data = form_answers(_questionnaire(slot, Moment.AFTER))

    client.post(url, data)
    assert not Response.objects.exists()

    start_visit(slot)
    assert client.post(url, data).status_code == 302
    response = Response.objects.get()
    assert response.moment == Moment.AFTER
    assert response.answers.get(question__key="satisfaction").number == 4


def test_a_cancelled_booking_has_no_survey(client, slot):
    booking = book(slot)
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    assert client.get(reverse("surveys:before", args=[booking.token])).status_code == 404


def test_the_exit_qr_code_counts_for_the_booking_answered_on_this_phone(client, slot):
    booking = book(slot)
    client.post(
        reverse("surveys:before", args=[booking.token]),
        form_answers(_questionnaire(slot, Moment.BEFORE)),
    )
    start_visit(slot)

    exit_url = reverse("surveys:exit", args=[links.exit_token(slot.pk)])
    assert (
        client.post(exit_url, form_answers(_questionnaire(slot, Moment.AFTER))).status_code == 302
    )

    after = Response.objects.get(moment=Moment.AFTER)
    assert after.booking == booking


def test_the_exit_qr_code_is_anonymous_and_one_response_per_phone(client, slot):
    start_visit(slot)
    exit_url = reverse("surveys:exit", args=[links.exit_token(slot.pk)])
    questionnaire = _questionnaire(slot, Moment.AFTER)

    client.post(exit_url, form_answers(questionnaire, choice=0))
    client.post(exit_url, form_answers(questionnaire, choice=1))
    client.cookies.clear()
    client.post(exit_url, form_answers(questionnaire, choice=2))

    responses = Response.objects.order_by("submitted_at")
    assert [r.slot_id for r in responses] == [slot.pk, slot.pk]
    assert all(r.booking_id is None for r in responses)
    keys = [r.answers.get(question__key="recommend_industry").choices.get().key for r in responses]
    assert keys == ["probably", "probably_not"]


def test_an_altered_exit_link_is_no_page(client, slot):
    token = links.exit_token(slot.pk)
    other = token.replace(str(slot.pk), str(slot.pk + 1), 1)
    assert client.get(reverse("surveys:exit", args=[other])).status_code == 404


def test_a_school_slot_has_no_exit_survey(client, school_slot):
    url = reverse("surveys:exit", args=[links.exit_token(school_slot.pk)])
    assert client.get(url).status_code == 404


def test_the_survey_page_names_the_visit(client, slot):
    booking = book(slot)
    page = client.get(reverse("surveys:before", args=[booking.token])).content.decode()
    assert slot.visit.participation.site.name in page
    assert EditionDay.objects.filter(pk=slot.day_id).exists()


def test_answers_from_one_address_are_rate_limited(client, slot, monkeypatch):
    monkeypatch.setattr(limits, "SURVEY_BY_ADDRESS", limits.Limit("survey-address", "2/m"))
    start_visit(slot)
    exit_url = reverse("surveys:exit", args=[links.exit_token(slot.pk)])
    questionnaire = _questionnaire(slot, Moment.AFTER)
    for _n in range(2):
        client.cookies.clear()  # two phones behind one address
        assert client.post(exit_url, form_answers(questionnaire)).status_code == 302

    client.cookies.clear()
    refused = client.post(exit_url, form_answers(questionnaire))

    assert refused.status_code == 429
    assert Response.objects.count() == 2
