"""The organisers' survey pages: questionnaires per edition and audience, edited by
national organisers (a new version once answered), and the hosts' feedback summed."""

import pytest
from django.urls import reverse

from usines.accounts.models import Role, User
from usines.surveys.models import Moment, Questionnaire, SurveyAudience
from usines.surveys.services import Link, current_questionnaire, submit_response
from usines.surveys.tests.support import book, form_answers
from usines.testsupport import RegionFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def national(client):
    user = User.objects.create_user("nat@example.org", "nat@example.org", "pw",
                                    role=Role.ORGANISER)  # fmt: skip
    client.force_login(user)
    return user


@pytest.fixture
def regional(client):
    RegionFactory()
    user = User.objects.create_user("ara@example.org", "ara@example.org", "pw",
                                    role=Role.ORGANISER, region_id="84")  # fmt: skip
    client.force_login(user)
    return user


def _url(name, edition, audience="public", moment="before", *more):
    return reverse(name, args=[edition.pk, audience, moment, *more])


def test_the_list_shows_the_editions_five_questionnaires(client, national, slot):
    page = client.get(reverse("console:surveys"), **EN).content.decode()
    edition = slot.day.edition
    for audience, moment in [("public", "before"), ("pupils", "after"), ("hosts", "feedback")]:
        assert _url("console:survey_questionnaire", edition, audience, moment) in page


def test_a_national_organiser_adds_a_question(client, national, slot):
    edition = slot.day.edition
    answer = client.post(
        _url("console:survey_question_add", edition),
        {
            "key": "came_with_children",
            "kind": "single",
            "text": "Venez-vous avec des enfants ?",
            "text_en": "Are you coming with children?",
            "required": "on",
            "choices": "yes | Oui | Yes\nno | Non | No",
        },
    )
    assert answer.status_code == 302
    questionnaire = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    question = questionnaire.questions.get(key="came_with_children")
    assert list(question.choices.values_list("key", "label_en")) == [("yes", "Yes"), ("no", "No")]


def test_a_choice_question_without_choices_says_what_to_fix(client, national, slot):
    page = client.post(
        _url("console:survey_question_add", slot.day.edition),
        {"key": "x", "kind": "single", "text": "Une question", "choices": "only | Seule"},
        **EN,
    )
    assert "A choice question needs at least two choices." in page.content.decode()


def test_editing_an_answered_questionnaire_makes_version_two(client, national, slot):
    edition = slot.day.edition
    questionnaire = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    link = Link(SurveyAudience.PUBLIC, Moment.BEFORE, booking=book(slot))
    submit_response(questionnaire, link, form_answers(questionnaire))

    page = client.post(
        _url("console:survey_question_move", edition, "public", "before", "image_industry"),
        {"direction": "up"},
        follow=True,
        **EN,
    )

    assert "your change made version 2" in page.content.decode()
    versions = Questionnaire.objects.filter(edition=edition, audience="public", moment="before")
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]


def test_a_regional_organiser_reads_but_does_not_edit(client, regional, slot):
    edition = slot.day.edition
    assert client.get(_url("console:survey_questionnaire", edition)).status_code == 200
    assert client.get(_url("console:survey_question_add", edition)).status_code == 403
    assert (
        client.post(
            _url("console:survey_question_delete", edition, "public", "before", "jobs_known")
        ).status_code
        == 403
    )


def test_an_unknown_audience_is_no_page(client, national, slot):
    url = _url("console:survey_questionnaire", slot.day.edition, "robots", "before")
    assert client.get(url).status_code == 404


def test_the_feedback_summary_counts_shares_and_texts(client, national, slot):
    edition = slot.day.edition
    questionnaire = current_questionnaire(edition, SurveyAudience.HOSTS, Moment.FEEDBACK)
    data = form_answers(questionnaire)
    data["what_to_change"] = "Un parking plus grand"
    link = Link(SurveyAudience.HOSTS, Moment.FEEDBACK, participation=slot.visit.participation)
    submit_response(questionnaire, link, data)

    page = client.get(reverse("console:survey_feedback"), {"edition": edition.pk}, **EN)

    text = page.content.decode()
    assert "1 of 1 published site gave its feedback." in text
    assert "Un parking plus grand" in text
    assert "100" in text
