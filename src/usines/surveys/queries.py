"""What the survey pages read: a class's links and how many pupils answered, and the
hosts' feedback summed for the organisers (never one host's answers to another)."""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from usines.bookings.models import Booking
from usines.surveys import links
from usines.surveys.models import Moment, Response, SurveyAudience


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
