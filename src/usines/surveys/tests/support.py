"""Answers a respondent would send, and a slot whose visit is under way."""

from datetime import timedelta

from django.utils import timezone

from usines.bookings.services import Contact, book_visit
from usines.editions.models import EditionDay
from usines.factories.models import Slot
from usines.surveys.models import Question, QuestionKind, Questionnaire


def form_answers(questionnaire: Questionnaire, choice: int = 0, scale: int = 4) -> dict:
    """Every question answered: the `choice`-th choice, the first two for a multiple
    choice, `scale` on a scale, a few words in a text."""
    data = {}
    for question in Question.objects.filter(questionnaire=questionnaire).prefetch_related(
        "choices"
    ):
        keys = [choice.key for choice in question.choices.all()]
        if question.kind == QuestionKind.SINGLE:
            data[question.key] = keys[choice]
        elif question.kind == QuestionKind.MULTIPLE:
            data[question.key] = keys[:2]
        elif question.kind == QuestionKind.SCALE:
            data[question.key] = str(scale)
        else:
            data[question.key] = "Très intéressant"
    return data


def book(slot: Slot, name: str = "Élodie Martin", email: str = "elodie@example.org"):
    return book_visit(slot.pk, 2, Contact(name, email)).booking


def start_visit(slot: Slot, hours_ago: int = 2) -> None:
    """The visit of `slot` started `hours_ago` hours ago, today (its day moved to
    today), or at midnight when that was yesterday."""
    now = timezone.localtime()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    starts_at = max(now - timedelta(hours=hours_ago), midnight)
    EditionDay.objects.filter(pk=slot.day_id).update(date=now.date())
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=starts_at, ends_at=starts_at + timedelta(minutes=90)
    )
    slot.refresh_from_db()
    slot.day.refresh_from_db()
