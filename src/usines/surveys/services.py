"""The writes of the surveys: answering a questionnaire, and forgetting which booking
an answer came from.

A response is written with its answers in one transaction. Who answers is known only
as a link: a visitor's booking (one response per booking and moment: answering again
replaces the answers), a class's booking (one response per pupil's device, at most as
many as the class has pupils), a slot's exit QR code (one per device) or a host's
participation (once per site and edition).
"""

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines.bookings.models import Booking
from usines.editions.models import Edition
from usines.factories.models import Participation, Slot
from usines.surveys.defaults import ensure_default_questionnaires
from usines.surveys.exceptions import (
    AnsweredMeanwhile,
    ClassComplete,
    FeedbackAlreadyGiven,
    SurveyClosed,
    SurveyNotOpen,
    SurveyNotYet,
)
from usines.surveys.models import (
    Answer,
    Moment,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    SurveyAudience,
)


@dataclass(frozen=True)
class Link:
    """Who a response is counted for: at most one of booking, slot, participation;
    `respondent_key` is the device's own key when the link is shared by many."""

    audience: str
    moment: str
    booking: Booking | None = None
    slot: Slot | None = None
    participation: Participation | None = None
    respondent_key: str | None = None


def current_questionnaire(edition: Edition, audience: str, moment: str) -> Questionnaire:
    """The newest version of `edition`'s questionnaire for `audience` and `moment`,
    created from the defaults (or last year's) the first time it is asked for."""
    found = (
        Questionnaire.objects.filter(edition=edition, audience=audience, moment=moment)
        .order_by("-version")
        .first()
    )
    if found is None:
        # Another request may give the edition its questionnaires at the same moment.
        with suppress(IntegrityError):
            ensure_default_questionnaires(edition)
        found = (
            Questionnaire.objects.filter(edition=edition, audience=audience, moment=moment)
            .order_by("-version")
            .first()
        )
    if found is None:
        raise SurveyNotOpen
    return found


def check_open(slot: Slot, moment: str) -> None:
    """Before the visit a survey is open until the slot starts; after it, from then."""
    started = timezone.now() >= slot.starts_at
    if moment == Moment.BEFORE and started:
        raise SurveyClosed
    if moment == Moment.AFTER and not started:
        raise SurveyNotYet


def check_booking(booking: Booking, moment: str) -> None:
    if not booking.is_active:
        raise SurveyNotOpen
    check_open(booking.slot, moment)


def feedback_opens_at(participation: Participation):
    """The start of the participation's first visit: its host's feedback opens then."""
    return Slot.objects.filter(visit__participation=participation, is_cancelled=False).aggregate(
        first=Min("starts_at")
    )["first"]


def check_feedback_open(participation: Participation) -> None:
    opens_at = feedback_opens_at(participation)
    if opens_at is None or timezone.now() < opens_at:
        raise SurveyNotYet(_("Your feedback opens on the day of your visit, once it has started."))
    if Response.objects.filter(participation=participation, moment=Moment.FEEDBACK).exists():
        raise FeedbackAlreadyGiven


def existing_response(link: Link) -> Response | None:
    """The response this link (or this device on a shared link) already gave."""
    if link.participation is not None:
        found = Response.objects.filter(participation=link.participation, moment=link.moment)
    elif link.booking is not None and link.audience != SurveyAudience.PUPILS:
        found = Response.objects.filter(booking=link.booking, moment=link.moment)
    elif link.respondent_key:
        found = Response.objects.filter(respondent_key=link.respondent_key, moment=link.moment)
    else:
        return None
    return found.select_related("questionnaire").first()


def _answers(question: Question, value) -> tuple[dict, list]:
    """The Answer fields and the choice ids for a form's cleaned value."""
    if question.kind == QuestionKind.SCALE:
        return {"number": int(value)}, []
    if question.kind == QuestionKind.TEXT:
        return {"text": value.strip()}, []
    keys = value if question.kind == QuestionKind.MULTIPLE else [value]
    by_key = {choice.key: choice.pk for choice in question.choices.all()}
    return {}, [by_key[key] for key in keys if key in by_key]


def _is_empty(value) -> bool:
    return value in (None, "", [], ()) or (isinstance(value, str) and not value.strip())


@transaction.atomic
def submit_response(
    questionnaire: Questionnaire, link: Link, values: dict[str, object]
) -> Response:
    """Record `values` (cleaned answers by question key) for `link`.

    Answering again by the same link (or device, on a shared link) replaces the first
    answers, which keep their response and its version of the questionnaire if it
    still is the newest. Raises `ClassComplete` when a class link already has one
    response per pupil, `FeedbackAlreadyGiven` for a site that has given its feedback.
    """
    previous = existing_response(link)
    if previous is not None and link.participation is not None:
        raise FeedbackAlreadyGiven
    class_level = ""
    if link.audience == SurveyAudience.PUPILS and link.booking is not None:
        # The class's booking row serialises its pupils' answers, so two phones
        # racing for the last pupil's place cannot both get it.
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("class_group")
            .get(pk=link.booking.pk)
        )
        class_level = booking.class_group.level if booking.class_group else ""
        if previous is None:
            answered = Response.objects.filter(booking=booking, moment=link.moment).count()
            pupils = booking.class_group.pupils if booking.class_group else 0
            if answered >= pupils:
                raise ClassComplete
    if previous is not None:
        previous.delete()
    fields = {
        "questionnaire": questionnaire,
        "edition_id": questionnaire.edition_id,
        "audience": link.audience,
        "moment": link.moment,
        "booking": link.booking,
        "slot": link.slot,
        "participation": link.participation,
        "class_level": class_level,
        "submitted_at": timezone.now(),
    }
    if previous is not None:
        fields["respondent_key"] = previous.respondent_key
    elif link.respondent_key:
        fields["respondent_key"] = link.respondent_key
    try:
        with transaction.atomic():
            response = Response.objects.create(**fields)
    except IntegrityError:
        # The same link answered at the same moment from elsewhere: the one that came
        # first stands (a host's team answers once; a visitor reloads to see it).
        if link.participation is not None:
            raise FeedbackAlreadyGiven from None
        raise AnsweredMeanwhile from None
    for question in questionnaire.questions.prefetch_related("choices"):
        value = values.get(question.key)
        if _is_empty(value):
            continue
        fields, choice_ids = _answers(question, value)
        answer = Answer.objects.create(response=response, question=question, **fields)
        if choice_ids:
            answer.choices.set(choice_ids)
    return response


def initial_values(response: Response) -> dict[str, object]:
    """A response's answers as the form's initial values (by question key)."""
    values = {}
    answers = response.answers.select_related("question").prefetch_related("choices")
    for answer in answers:
        question = answer.question
        keys = [choice.key for choice in answer.choices.all()]
        if question.kind == QuestionKind.SCALE:
            values[question.key] = answer.number
        elif question.kind == QuestionKind.TEXT:
            values[question.key] = answer.text
        elif question.kind == QuestionKind.MULTIPLE:
            values[question.key] = keys
        else:
            values[question.key] = keys[0] if keys else None
    return values


def forget_booking_links(booking_ids: Iterable[int]) -> int:
    """Sever the link between the responses and the given bookings, keeping the
    answers (with their edition, audience, moment and class level) for the figures.
    Returns how many responses were unlinked. The privacy purge calls it before it
    deletes or anonymises bookings; nothing then ties an answer to a person."""
    return Response.objects.filter(booking_id__in=list(booking_ids)).update(booking=None)


def forget_edition_links(edition_ids: Iterable[int]) -> int:
    """The same for every response of these editions, in one UPDATE (the retention
    purge of a past edition, however many bookings it had)."""
    return Response.objects.filter(edition_id__in=list(edition_ids), booking__isnull=False).update(
        booking=None
    )
