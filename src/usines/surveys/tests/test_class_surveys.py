"""Pupils answer their class's shared link on a phone: no account, no name, one
response per phone, no more responses than the class has pupils."""

import pytest
from django.test import Client
from django.urls import reverse

from usines.schools.services import book_class
from usines.surveys import links
from usines.surveys.models import Moment, Response, SurveyAudience
from usines.surveys.services import current_questionnaire
from usines.surveys.tests.support import book, form_answers, start_visit
from usines.testsupport import class_details

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_booking(school_slot, teacher):
    return book_class(school_slot.pk, teacher, class_details(pupils=2, girls=1)).booking


def _url(booking, moment=Moment.BEFORE):
    return reverse("surveys:class", args=[links.class_token(booking.pk, moment)])


def _answers(booking, moment=Moment.BEFORE, choice=0):
    edition = booking.slot.day.edition
    return form_answers(current_questionnaire(edition, SurveyAudience.PUPILS, moment), choice)


def test_a_pupil_answers_without_logging_in(client, class_booking):
    page = client.get(_url(class_booking))
    assert page.status_code == 200
    assert 'name="interest_industry_job"' in page.content.decode()

    assert client.post(_url(class_booking), _answers(class_booking)).status_code == 302

    response = Response.objects.get()
    assert response.booking == class_booking
    assert response.audience == SurveyAudience.PUPILS
    assert response.class_level == "2de"


def test_the_same_phone_changes_its_answers_rather_than_answering_twice(client, class_booking):
    client.post(_url(class_booking), _answers(class_booking, choice=0))
    client.post(_url(class_booking), _answers(class_booking, choice=2))

    response = Response.objects.get()
    answer = response.answers.get(question__key="recommend_industry")
    assert answer.choices.get().key == "probably_not"


def test_the_class_stops_at_its_number_of_pupils(class_booking):
    for _ in range(2):
        assert Client().post(_url(class_booking), _answers(class_booking)).status_code == 302

    third = Client().post(_url(class_booking), _answers(class_booking), HTTP_ACCEPT_LANGUAGE="en")

    assert third.status_code == 200
    assert "Every pupil of this class has already answered" in third.content.decode()
    assert Response.objects.count() == 2


def test_a_phone_that_answered_can_still_change_its_answers_once_the_class_is_complete(
    client, class_booking
):
    client.post(_url(class_booking), _answers(class_booking, choice=0))
    Client().post(_url(class_booking), _answers(class_booking))

    assert client.post(_url(class_booking), _answers(class_booking, choice=1)).status_code == 302
    assert Response.objects.count() == 2


def test_before_and_after_are_counted_apart(class_booking):
    phone = Client()
    phone.post(_url(class_booking), _answers(class_booking))
    start_visit(class_booking.slot)
    after = _url(class_booking, Moment.AFTER)
    assert phone.post(after, _answers(class_booking, Moment.AFTER)).status_code == 302

    moments = sorted(Response.objects.values_list("moment", flat=True))
    assert moments == [Moment.AFTER, Moment.BEFORE]


def test_an_altered_class_link_is_no_page(client, class_booking):
    token = links.class_token(class_booking.pk, Moment.BEFORE)
    altered = token.replace("before", "after", 1)
    assert client.get(reverse("surveys:class", args=[altered])).status_code == 404


def test_a_visitor_booking_has_no_class_link(client, slot):
    booking = book(slot)
    assert client.get(_url(booking)).status_code == 404
