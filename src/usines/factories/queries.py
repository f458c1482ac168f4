"""Read-side queries of published visits, shared by the public pages and the API.

Each returns a queryset with everything a list row shows joined or annotated in
the same query, so a page costs the same whatever the number of sites.
"""

from dataclasses import dataclass

from django.db.models import F, IntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from usines.editions.models import Edition
from usines.factories.models import Participation, ParticipationStatus, Slot


def _places_left_subquery() -> Subquery:
    open_slots = (
        Slot.objects.filter(visit__participation=OuterRef("pk"), is_cancelled=False)
        .order_by()
        .values("visit__participation")
        .annotate(left=Sum(F("capacity") - F("booked")))
        .values("left")
    )
    return Subquery(open_slots, output_field=IntegerField())


def published_participations(edition: Edition) -> QuerySet[Participation]:
    """Published participations of an edition, with site, place, sector and places left."""
    return (
        Participation.objects.filter(edition=edition, status=ParticipationStatus.PUBLISHED)
        .select_related(
            "visit",
            "site__commune__department__region",
            "site__naf__division",
        )
        .annotate(places_left=Coalesce(_places_left_subquery(), Value(0)))
        .order_by("site__name", "pk")
    )


@dataclass(frozen=True)
class EditionCounters:
    factories: int
    places_left: int
    places_booked: int


def edition_counters(edition: Edition) -> EditionCounters:
    """Published factories and places left/booked on their open slots: two queries."""
    factories = Participation.objects.filter(
        edition=edition, status=ParticipationStatus.PUBLISHED
    ).count()
    totals = Slot.objects.filter(
        visit__participation__edition=edition,
        visit__participation__status=ParticipationStatus.PUBLISHED,
        is_cancelled=False,
    ).aggregate(capacity=Sum("capacity"), booked=Sum("booked"))
    capacity = totals["capacity"] or 0
    booked = totals["booked"] or 0
    return EditionCounters(factories=factories, places_left=capacity - booked, places_booked=booked)
