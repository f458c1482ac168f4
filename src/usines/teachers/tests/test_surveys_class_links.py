"""A teacher finds, for each class booking, the before and after survey links with
their QR codes, and how many pupils answered; no one else reaches them."""

import pytest
from django.test import Client
from django.urls import reverse

from usines.accounts.models import Role, User
from usines.schools.models import School, uai_check_letter
from usines.schools.services import book_class
from usines.surveys import links
from usines.surveys.models import Moment
from usines.testsupport import class_details, confirmed_teacher

pytestmark = pytest.mark.django_db


@pytest.fixture
def class_booking(school_slot, teacher):
    return book_class(school_slot.pk, teacher, class_details(pupils=3, girls=1)).booking


def test_the_class_page_leads_to_the_survey_codes(client, teacher, class_booking):
    client.force_login(teacher)
    page = client.get(reverse("teachers:booking", args=[class_booking.pk])).content.decode()
    assert reverse("teachers:class_surveys", args=[class_booking.pk]) in page


def test_the_teacher_sees_both_links_with_their_qr_codes(client, teacher, class_booking):
    client.force_login(teacher)
    Client().post(
        reverse("surveys:class", args=[links.class_token(class_booking.pk, Moment.BEFORE)]),
        {"recommend_industry": "probably", "interest_industry_job": "maybe", "image_industry": "3"},
    )

    page = client.get(
        reverse("teachers:class_surveys", args=[class_booking.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    for moment in (Moment.BEFORE, Moment.AFTER):
        assert reverse("surveys:class", args=[links.class_token(class_booking.pk, moment)]) in page
    assert page.count("<svg") == 2
    assert "1 of 3 pupils answered." in page
    assert "0 of 3 pupils answered." in page


def test_a_teacher_of_another_school_does_not_reach_the_links(client, class_booking):
    other = User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.TEACHER)
    digits = "0740999"
    confirmed_teacher(other, School.objects.create(uai=digits + uai_check_letter(digits), name="X"))
    client.force_login(other)
    assert client.get(reverse("teachers:class_surveys", args=[class_booking.pk])).status_code == 404


def test_the_codes_need_a_log_in(client, class_booking):
    page = client.get(reverse("teachers:class_surveys", args=[class_booking.pk]))
    assert page.status_code == 302
