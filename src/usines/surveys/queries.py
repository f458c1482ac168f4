"""What the survey pages read: a class's links and how many pupils answered, and the
hosts' feedback summed for the organisers (never one host's answers to another)."""

from dataclasses import dataclass

from django.db.models import Avg, Count
from django.urls import reverse

from usines.bookings.models import Booking
from usines.editions.models import Edition
from usines.surveys import links
from usines.surveys.models import (
    Answer,
    Moment,
    QuestionKind,
    Questionnaire,
    Response,
    SurveyAudience,
)


@dataclass(frozen=True)
class ClassLink:
    moment: str
    path: str
    answered: int
    pupils: int

    @property
    def complete(self) -> bool:
        return self.answered >= self.pupils


def class_links(booking: Booking) -> list[ClassLink]:
    """The class's before and after links, each with how many pupils answered."""
    counts = dict(
        Response.objects.filter(booking=booking, audience=SurveyAudience.PUPILS)
        .values_list("moment")
        .annotate(n=Count("pk"))
    )
    pupils = booking.class_group.pupils
    return [
        ClassLink(
            moment,
            reverse("surveys:class", args=[links.class_token(booking.pk, moment)]),
            counts.get(moment, 0),
            pupils,
        )
        for moment in (Moment.BEFORE, Moment.AFTER)
    ]


@dataclass(frozen=True)
class ChoiceShare:
    label: str
    count: int
    share: float | None


@dataclass(frozen=True)
class QuestionSummary:
    key: str
    text: str
    kind: str
    answered: int
    choices: list[ChoiceShare]
    mean: float | None
    texts: list[tuple[str, str]]  # (site name, text)


def feedback_summary(edition: Edition, participations) -> tuple[int, list[QuestionSummary]]:
    """The hosts' feedback of `edition` among `participations` (an organiser's scope):
    how many sites answered and, per question of the newest questionnaire (by key, so
    every version counts), the answers' counts and shares, the scale's mean, the texts
    with their site."""
    responses = Response.objects.filter(
        edition=edition, moment=Moment.FEEDBACK, participation__in=participations
    )
    questionnaire = (
        Questionnaire.objects.filter(
            edition=edition, audience=SurveyAudience.HOSTS, moment=Moment.FEEDBACK
        )
        .order_by("-version")
        .first()
    )
    if questionnaire is None:
        return 0, []
    answers = Answer.objects.filter(response__in=responses)
    summaries = []
    for question in questionnaire.questions.prefetch_related("choices"):
        of_question = answers.filter(question__key=question.key)
        answered = of_question.count()
        choices, mean, texts = [], None, []
        if question.has_choices:
            counts = dict(
                of_question.values_list("choices__key").annotate(n=Count("pk")).order_by()
            )
            choices = [
                ChoiceShare(
                    choice.local_label,
                    counts.get(choice.key, 0),
                    100 * counts.get(choice.key, 0) / answered if answered else None,
                )
                for choice in question.choices.all()
            ]
        elif question.kind == QuestionKind.SCALE:
            mean = of_question.aggregate(mean=Avg("number"))["mean"]
        else:
            texts = list(
                of_question.exclude(text="")
                .order_by("response__participation__site__name")
                .values_list("response__participation__site__name", "text")
            )
        summaries.append(
            QuestionSummary(
                question.key, question.local_text, question.kind, answered, choices, mean, texts
            )
        )
    return responses.count(), summaries
