"""Questionnaires as data: the default set, its reference question, copies from
last year, and edits that make a new version once answers exist."""

import pytest

from usines.surveys import editing
from usines.surveys.defaults import DEFAULTS, ensure_default_questionnaires
from usines.surveys.editing import QuestionFields
from usines.surveys.models import Moment, Questionnaire, Response, SurveyAudience
from usines.surveys.services import (
    Link,
    current_questionnaire,
    forget_booking_links,
    submit_response,
)
from usines.surveys.tests.support import book, form_answers
from usines.testsupport import EditionFactory

pytestmark = pytest.mark.django_db


def _answer(questionnaire, **link):
    link = Link(questionnaire.audience, questionnaire.moment, **link)
    return submit_response(questionnaire, link, form_answers(questionnaire))


def test_every_edition_gets_the_default_set_once():
    edition = EditionFactory()
    assert ensure_default_questionnaires(edition) == len(DEFAULTS)
    assert ensure_default_questionnaires(edition) == 0
    pairs = set(Questionnaire.objects.filter(edition=edition).values_list("audience", "moment"))
    assert pairs == set(DEFAULTS)


def test_the_reference_question_is_asked_before_and_after_to_the_public_and_pupils():
    edition = EditionFactory()
    for audience in (SurveyAudience.PUBLIC, SurveyAudience.PUPILS):
        for moment in (Moment.BEFORE, Moment.AFTER):
            question = current_questionnaire(edition, audience, moment).questions.get(
                key="recommend_industry"
            )
            keys = list(question.choices.values_list("key", flat=True))
            assert keys == ["certainly", "probably", "probably_not", "certainly_not"]
    public = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    question = public.questions.get(key="recommend_industry")
    assert question.text_en == "Would you recommend to someone close to you to work in industry?"


def test_a_new_edition_starts_from_last_years_wording():
    last_year = EditionFactory(year=2026)
    old = current_questionnaire(last_year, SurveyAudience.PUBLIC, Moment.BEFORE)
    editing.retitle(old, "Avant la visite 2026", "Before 2026")

    this_year = EditionFactory(year=2027)
    copy = current_questionnaire(this_year, SurveyAudience.PUBLIC, Moment.BEFORE)

    assert (copy.title, copy.version) == ("Avant la visite 2026", 1)
    assert list(copy.questions.values_list("key", flat=True)) == list(
        old.questions.values_list("key", flat=True)
    )


def test_an_edit_without_answers_changes_the_questionnaire_itself():
    edition = EditionFactory()
    questionnaire = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    fields = QuestionFields(
        "visited_before", "single", "Déjà visité ?", "Visited before?", True,
        choices=(("yes", "Oui", "Yes"), ("no", "Non", "No")),
    )  # fmt: skip

    changed = editing.save_question(questionnaire, fields)

    assert changed.pk == questionnaire.pk
    assert changed.questions.last().key == "visited_before"


def test_an_edit_after_answers_makes_a_new_version_and_keeps_the_answers_on_theirs(slot):
    edition = slot.day.edition
    questionnaire = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    response = _answer(questionnaire, booking=book(slot))

    changed = editing.delete_question(questionnaire, "image_industry")

    assert changed.version == 2
    assert current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE) == changed
    assert not changed.questions.filter(key="image_industry").exists()
    assert questionnaire.questions.filter(key="image_industry").exists()
    response.refresh_from_db()
    assert response.questionnaire == questionnaire
    assert response.answers.filter(question__key="image_industry").exists()


def test_only_the_newest_version_is_edited(slot):
    edition = slot.day.edition
    questionnaire = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    _answer(questionnaire, booking=book(slot))
    editing.move_question(questionnaire, "image_industry", -1)

    with pytest.raises(editing.NotTheNewestVersion):
        editing.retitle(questionnaire, "Ancien", "")


def test_moving_a_question_changes_the_order():
    questionnaire = current_questionnaire(EditionFactory(), SurveyAudience.HOSTS, Moment.FEEDBACK)
    editing.move_question(questionnaire, "what_to_change", -1)
    keys = list(questionnaire.questions.values_list("key", flat=True))
    assert keys == ["open_again", "satisfaction", "what_to_change", "helped_recruitment"]


def test_forgetting_bookings_keeps_the_answers_for_the_figures(slot):
    edition = slot.day.edition
    booking = book(slot)
    questionnaire = current_questionnaire(edition, SurveyAudience.PUBLIC, Moment.BEFORE)
    _answer(questionnaire, booking=booking)

    assert forget_booking_links([booking.pk]) == 1

    response = Response.objects.get()
    assert response.booking is None
    assert (response.edition, response.audience, response.moment) == (
        edition,
        SurveyAudience.PUBLIC,
        Moment.BEFORE,
    )
    assert response.answers.count() == len(form_answers(questionnaire))
