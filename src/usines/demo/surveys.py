"""Survey answers for the demo: visitors and classes answering before and after their
visit, a few exit QR codes, and hosts' feedback, drawn so that minds move a little
(more "certainly" after the visit than before, more jobs known), as the impact
figures should show. Written in bulk: a few thousand responses take seconds."""

import random
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from usines.bookings.models import Booking, BookingStatus
from usines.demo.vocabulary import BATCH
from usines.editions.models import Audience, Edition
from usines.factories.models import Participation, ParticipationStatus
from usines.surveys.defaults import ensure_default_questionnaires
from usines.surveys.models import (
    Answer,
    Moment,
    QuestionKind,
    Questionnaire,
    Response,
    SurveyAudience,
)

PUBLIC_RESPONDENTS = 1500
CLASSES = 80
# Weights of certainly, probably, probably not, certainly not.
RECOMMEND = {Moment.BEFORE: (18, 37, 30, 15), Moment.AFTER: (31, 42, 19, 8)}
INTEREST = {Moment.BEFORE: (12, 30, 33, 25), Moment.AFTER: (20, 36, 28, 16)}
IMAGE = {Moment.BEFORE: (8, 22, 38, 24, 8), Moment.AFTER: (3, 10, 30, 38, 19)}
JOBS_KNOWN = {Moment.BEFORE: 1.2, Moment.AFTER: 2.6}
COMMENTS = (
    "Très intéressant, merci à l'équipe !",
    "Je ne savais pas que cette usine existait si près de chez moi.",
    "Les machines sont impressionnantes.",
    "Un peu court, on aurait aimé voir plus d'ateliers.",
)
HOST_TEXTS = (
    "Prévoir plus de créneaux le samedi matin.",
    "Un kit de communication plus tôt nous aiderait.",
    "Rien, c'était parfait.",
)


@dataclass
class Batch:
    """Responses with their answers' values, written together."""

    responses: list[Response] = field(default_factory=list)
    values: list[dict] = field(default_factory=list)


def _draw(rng: random.Random, question, moment: str) -> object:
    choices = [choice.pk for choice in question.choices.all()]
    if question.key == "recommend_industry":
        return [rng.choices(choices, RECOMMEND[moment])[0]]
    if question.key == "interest_industry_job":
        return [rng.choices(choices, INTEREST[moment])[0]]
    if question.kind == QuestionKind.MULTIPLE:
        count = min(len(choices), max(0, round(rng.gauss(JOBS_KNOWN[moment], 1))))
        return rng.sample(choices, count)
    if question.kind == QuestionKind.SINGLE:
        return [rng.choices(choices, [max(1, 3 - n) for n in range(len(choices))])[0]]
    if question.kind == QuestionKind.SCALE:
        weights = IMAGE[moment] if question.key == "image_industry" else (1, 2, 6, 20, 25)
        return rng.choices(range(1, 6), weights)[0]
    texts = HOST_TEXTS if question.key == "what_to_change" else COMMENTS
    return rng.choice(texts) if rng.random() < 0.15 else None


def _respond(rng, batch: Batch, questionnaire: Questionnaire, questions, **fields) -> None:
    batch.responses.append(
        Response(
            questionnaire=questionnaire,
            edition_id=questionnaire.edition_id,
            audience=questionnaire.audience,
            moment=questionnaire.moment,
            **fields,
        )
    )
    batch.values.append({q: _draw(rng, q, questionnaire.moment) for q in questions})


def _write(batch: Batch) -> int:
    responses = Response.objects.bulk_create(batch.responses, batch_size=BATCH)
    answers, chosen = [], []
    for response, values in zip(responses, batch.values, strict=True):
        for question, value in values.items():
            if value is None or value == []:
                continue
            answer = Answer(response=response, question=question)
            if isinstance(value, list):
                chosen.append(value)
            elif isinstance(value, int):
                answer.number = value
                chosen.append([])
            else:
                answer.text = value
                chosen.append([])
            answers.append(answer)
    answers = Answer.objects.bulk_create(answers, batch_size=BATCH)
    links = [
        Answer.choices.through(answer_id=answer.pk, choice_id=choice_id)
        for answer, choice_ids in zip(answers, chosen, strict=True)
        for choice_id in choice_ids
    ]
    Answer.choices.through.objects.bulk_create(links, batch_size=BATCH)
    return len(responses)


def _when(starts_at, moment: str, now):
    if moment == Moment.BEFORE:
        return min(now, starts_at - timedelta(days=2))
    return min(now, starts_at + timedelta(hours=3))


def generate_demo_surveys(rng: random.Random, edition: Edition) -> int:
    """Answers for `edition`'s visitors, classes and hosts; returns the responses."""
    ensure_default_questionnaires(edition)
    questionnaires = {
        (q.audience, q.moment): q for q in Questionnaire.objects.filter(edition=edition)
    }
    questions = {
        pair: list(q.questions.prefetch_related("choices")) for pair, q in questionnaires.items()
    }
    now = timezone.now()
    batch = Batch()
    confirmed = Booking.objects.filter(slot__day__edition=edition, status=BookingStatus.CONFIRMED)
    public = list(
        confirmed.filter(class_group__isnull=True)
        .order_by("pk")
        .values_list("pk", "slot_id", "slot__starts_at")
    )
    for booking_id, slot_id, starts_at in rng.sample(public, min(PUBLIC_RESPONDENTS, len(public))):
        answered_before = rng.random() < 0.75
        for moment in (Moment.BEFORE, Moment.AFTER):
            if moment == Moment.BEFORE and not answered_before:
                continue
            if moment == Moment.AFTER and rng.random() < 0.45:
                continue
            pair = (SurveyAudience.PUBLIC, moment)
            exit_qr = moment == Moment.AFTER and rng.random() < 0.2 and not answered_before
            _respond(
                rng,
                batch,
                questionnaires[pair],
                questions[pair],
                booking_id=None if exit_qr else booking_id,
                slot_id=slot_id,
                submitted_at=_when(starts_at, moment, now),
            )
    classes = list(
        confirmed.filter(class_group__isnull=False, slot__audience=Audience.SCHOOL)
        .order_by("pk")
        .values_list("pk", "slot__starts_at", "class_group__pupils", "class_group__level")
    )
    for booking_id, starts_at, pupils, level in rng.sample(classes, min(CLASSES, len(classes))):
        for moment, share in ((Moment.BEFORE, 0.8), (Moment.AFTER, 0.65)):
            pair = (SurveyAudience.PUPILS, moment)
            for _pupil in range(round(pupils * share * rng.uniform(0.7, 1))):
                _respond(
                    rng,
                    batch,
                    questionnaires[pair],
                    questions[pair],
                    booking_id=booking_id,
                    class_level=level,
                    submitted_at=_when(starts_at, moment, now),
                )
    pair = (SurveyAudience.HOSTS, Moment.FEEDBACK)
    hosts = Participation.objects.filter(edition=edition, status=ParticipationStatus.PUBLISHED)
    for participation_id in hosts.order_by("pk").values_list("pk", flat=True):
        if rng.random() < 0.4:
            _respond(
                rng,
                batch,
                questionnaires[pair],
                questions[pair],
                participation_id=participation_id,
                submitted_at=now,
            )
    return _write(batch)


def delete_demo_surveys(editions) -> None:
    """The demo editions' responses and questionnaires, before their bookings go."""
    Response.objects.filter(edition__in=editions).delete()
    Questionnaire.objects.filter(edition__in=editions).delete()
