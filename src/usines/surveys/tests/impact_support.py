"""Questionnaires with the reference question, and answers to it, for the impact tests."""

from django.utils import timezone

from usines.surveys.models import (
    Answer,
    Choice,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
)

RECOMMEND_CHOICES = ("certainly", "probably", "probably_not", "certainly_not")


def questionnaire(edition, audience: str, moment: str) -> Questionnaire:
    """A questionnaire asking whether one would recommend working in industry."""
    found, created = Questionnaire.objects.get_or_create(
        edition=edition, audience=audience, moment=moment, version=1,
        defaults={"title": "Questionnaire", "title_en": "Questionnaire"},
    )  # fmt: skip
    if created:
        question = Question.objects.create(
            questionnaire=found,
            key="recommend_industry",
            kind=QuestionKind.SINGLE,
            text="Recommanderiez-vous de travailler dans l'industrie ?",
            text_en="Would you recommend working in industry?",
        )
        for order, key in enumerate(RECOMMEND_CHOICES):
            Choice.objects.create(question=question, order=order, key=key, label=key, label_en=key)
    return found


def answer(edition, audience: str, moment: str, counts: dict[str, int], **links) -> None:
    """Responses to the reference question, `counts` by choice key; `links` are the
    response's booking, slot or participation and class level."""
    form = questionnaire(edition, audience, moment)
    question = form.questions.get(key="recommend_industry")
    for key, n in counts.items():
        choice = question.choices.get(key=key)
        for _ in range(n):
            response = Response.objects.create(
                questionnaire=form, edition=edition, audience=audience, moment=moment,
                submitted_at=timezone.now(), **links,
            )  # fmt: skip
            Answer.objects.create(response=response, question=question).choices.add(choice)
