"""Organisers' changes to a questionnaire, versioned.

A questionnaire that has answers is never changed: the first edit after an answer
copies it, questions and choices, as the next version, and changes the copy; the
respondents then get the new version and each response keeps the one it answered.
Questions are found by their `key`, which stays the same from version to version.
Every function edits the newest version of its edition, audience and moment, in one
transaction, and returns the version it changed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from usines.surveys.defaults import copy_questionnaire
from usines.surveys.exceptions import SurveyError
from usines.surveys.models import Choice, Question, Questionnaire, Response


class QuestionKeyTaken(SurveyError):
    code = "question_key_taken"
    message = _("Another question of this questionnaire already has this key.")


class NotTheNewestVersion(SurveyError):
    code = "not_newest_version"
    message = _("A newer version of this questionnaire exists: edit that one.")


@dataclass(frozen=True)
class QuestionFields:
    key: str
    kind: str
    text: str
    text_en: str
    required: bool
    scale_min: int = 1
    scale_max: int = 5
    # (key, French label, English label) in order; only for choice questions.
    choices: tuple[tuple[str, str, str], ...] = ()


def has_answers(questionnaire: Questionnaire) -> bool:
    return Response.objects.filter(questionnaire=questionnaire).exists()


def _editable(questionnaire: Questionnaire) -> Questionnaire:
    """`questionnaire` itself while no one answered it, else its next version."""
    newest = Questionnaire.objects.filter(
        edition_id=questionnaire.edition_id,
        audience=questionnaire.audience,
        moment=questionnaire.moment,
    ).aggregate(v=Max("version"))["v"]
    if newest != questionnaire.version:
        raise NotTheNewestVersion
    if not has_answers(questionnaire):
        return questionnaire
    return copy_questionnaire(questionnaire, questionnaire.edition, version=newest + 1)


def _set_choices(question: Question, choices) -> None:
    question.choices.all().delete()
    if question.has_choices:
        Choice.objects.bulk_create(
            Choice(question=question, order=n, key=key, label=label, label_en=label_en)
            for n, (key, label, label_en) in enumerate(choices, start=1)
        )


@transaction.atomic
def retitle(questionnaire: Questionnaire, title: str, title_en: str) -> Questionnaire:
    target = _editable(questionnaire)
    target.title, target.title_en = title, title_en
    target.save(update_fields=["title", "title_en"])
    return target


@transaction.atomic
def save_question(
    questionnaire: Questionnaire, fields: QuestionFields, editing: str | None = None
) -> Questionnaire:
    """Add a question (`editing` None) or change the question whose key is `editing`
    (its key stays). Raises `QuestionKeyTaken` when a new question's key is in use."""
    if editing is None and questionnaire.questions.filter(key=fields.key).exists():
        raise QuestionKeyTaken
    target = _editable(questionnaire)
    if editing is None:
        last = target.questions.aggregate(last=Max("order"))["last"] or 0
        question = Question(questionnaire=target, key=fields.key, order=last + 1)
    else:
        question = target.questions.get(key=editing)
    question.kind = fields.kind
    question.text = fields.text
    question.text_en = fields.text_en
    question.required = fields.required
    question.scale_min = fields.scale_min
    question.scale_max = fields.scale_max
    question.save()
    _set_choices(question, fields.choices)
    return target


@transaction.atomic
def delete_question(questionnaire: Questionnaire, key: str) -> Questionnaire:
    target = _editable(questionnaire)
    target.questions.filter(key=key).delete()
    return target


@transaction.atomic
def move_question(questionnaire: Questionnaire, key: str, step: int) -> Questionnaire:
    """Move the question one place up (`step` -1) or down (+1)."""
    target = _editable(questionnaire)
    questions = list(target.questions.order_by("order", "pk"))
    index = next((n for n, question in enumerate(questions) if question.key == key), None)
    other = -1 if index is None else index + step
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for order, question in enumerate(questions, start=1):
        if question.order != order:
            question.order = order
            question.save(update_fields=["order"])
    return target
