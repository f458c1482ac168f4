"""Finding a visit for a class: the school-day slots that can take the whole class
(pupils and adults together) near its school, nearest first.

One query whatever the page: the slot's places left and, where the host limits
them, its classes are columns of the same SELECT; the bounding box on the site's
indexed coordinates keeps only what can be within the radius, and the haversine
distance (`reference.geo.within_radius`) sorts and trims it.
"""

from datetime import datetime

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Concat, Replace
from django.utils import timezone

from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.editions.calendar import edition_calendar
from usines.editions.models import Audience, Edition, PhaseKind
from usines.factories.models import ParticipationStatus, Slot
from usines.reference.geo import Place, resolve_place, within_radius
from usines.schools import pooling
from usines.schools.models import LEVEL_AGE, School
from usines.schools.timetables import school_point

RADII_KM = (10, 25, 50, 100)
DEFAULT_RADIUS_KM = 25
# Beyond this distance from the school (as the crow flies), a coach's trip is long:
# the teacher is told, with the time it takes.
FAR_FOR_A_COACH_KM = 50


def school_place(school: School) -> Place | None:
    """Where the school is: its own coordinates, its commune's, or its postcode's."""
    point = school_point(school)
    if point is not None:
        return Place(point[0], point[1], school.name)
    text = f"{school.postcode} {school.city}".strip()
    return resolve_place(text) if text else None


def _classes_on_slot() -> Coalesce:
    """Classes holding places on the slot: booked, or offered places (as
    `bookings.rules.active_classes` counts them), as one column."""

    def count(model, status) -> Subquery:
        rows = (
            model.objects.filter(slot=OuterRef("pk"), status=status, class_group__isnull=False)
            .values("slot")
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    return count(Booking, BookingStatus.CONFIRMED) + count(WaitlistEntry, WaitlistStatus.OFFERED)


def slots_for_class(
    place: Place,
    persons: int,
    radius_km: float,
    level: str = "",
    day_id: int | None = None,
    edition: Edition | None = None,
    now: datetime | None = None,
) -> QuerySet[Slot]:
    """The school-day slots of the edition still open for bookings (their day's window
    and the edition's school bookings phase not over), with places left
    for `persons` (pupils + adults), within `radius_km` of `place`, nearest first then
    earliest; only visits welcoming `level` (its levels and minimum age) when given,
    and not those whose host's number of classes per slot is reached. Each slot is
    annotated `distance_km` and `places_left`, read with its day, visit and site."""
    now = now or timezone.now()
    edition = edition or Edition.objects.current()
    slots = (
        Slot.objects.filter(
            audience=Audience.SCHOOL,
            is_cancelled=False,
            day__edition=edition,
            day__bookings_close_at__gt=now,
            starts_at__gt=now,
            visit__participation__status=ParticipationStatus.PUBLISHED,
        )
        .annotate(places_left=F("capacity") - F("booked"))
        .filter(places_left__gte=persons)
    )
    phase = edition_calendar(edition).window(PhaseKind.SCHOOL_BOOKINGS) if edition else None
    if phase is None or now >= phase.closes_at:
        slots = slots.none()
    if day_id is not None:
        slots = slots.filter(day_id=day_id)
    if level:
        slots = slots.annotate(
            levels=Concat(Value(","), Replace(F("visit__school_levels"), Value(" ")), Value(","))
        ).filter(Q(visit__school_levels="") | Q(levels__contains=f",{level},"))
        if (age := LEVEL_AGE.get(level)) is not None:
            slots = slots.filter(visit__minimum_age__lte=age)
    slots = slots.filter(
        Q(visit__max_classes_per_slot__isnull=True)
        | Q(visit__max_classes_per_slot__gt=_classes_on_slot())
    )
    return (
        within_radius(slots, place, radius_km, prefix="visit__participation__site__")
        .select_related("day", "visit__participation__site__commune")
        .order_by("distance_km", "starts_at", "pk")
    )


def coach_time(distance_km: float) -> tuple[int, int]:
    """About how long a coach drives a distance taken as the crow flies: hours, minutes."""
    minutes = round(distance_km * pooling.ROAD_FACTOR / pooling.COACH_SPEED_KMH * 60)
    return divmod(minutes, 60)
