"""A coach's stops and timetable as the database holds them: where each school is,
each request as the pooling reads it, the stops of coaches in one query, and the
timetable (`pooling.Timetable`) the organiser, the teacher and their e-mails read."""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone

from usines.schools import pooling
from usines.schools.models import CoachRequest, School

# What a stop needs read with it to place it on a route and a timetable.
STOP_RELATED = (
    "class_group__school__commune",
    "class_group__teacher",
    "class_group__booking__slot__visit__participation__site__commune",
)


def school_point(school: School) -> tuple[float, float] | None:
    if school.latitude is not None and school.longitude is not None:
        return (school.latitude, school.longitude)
    if school.commune is not None:
        return (school.commune.latitude, school.commune.longitude)
    return None


def pooling_request(request: CoachRequest) -> pooling.Request | None:
    """A request as the pooling reads it (None when its school has no known place);
    `request` is read with its class, school, booking, slot and site."""
    point = school_point(request.class_group.school)
    if point is None:
        return None
    slot = request.class_group.booking.slot
    site = slot.visit.participation.site
    leave_after = None
    if request.leave_after is not None:
        leave_after = datetime.combine(
            timezone.localtime(slot.starts_at).date(),
            request.leave_after,
            timezone.get_current_timezone(),
        )
    return pooling.Request(
        id=request.pk,
        seats=request.seats,
        school=point,
        site_id=site.pk,
        site=(site.latitude, site.longitude),
        day_id=slot.day_id,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        leave_after=leave_after,
    )


def coach_timetable(stops: Iterable[CoachRequest]) -> pooling.Timetable | None:
    """The timetable of a coach from its stops (read with STOP_RELATED), or None when
    a school has no known place."""
    items = [pooling_request(stop) for stop in stops]
    if not items or None in items:
        return None
    return pooling.Pool(items).timetable()


def stops_of(pool_ids: Iterable[int]) -> dict[int, list[CoachRequest]]:
    """Each coach's stops in pick-up order, read in one query."""
    stops: dict[int, list[CoachRequest]] = {pool_id: [] for pool_id in pool_ids}
    for stop in (
        CoachRequest.objects.filter(pool__in=list(stops))
        .select_related(*STOP_RELATED)
        .order_by("pool_id", "stop_order")
    ):
        stops[stop.pool_id].append(stop)
    return stops


def stops_with_times(
    stops: list[CoachRequest],
) -> tuple[list[tuple[CoachRequest, datetime | None]], pooling.Timetable | None]:
    """A coach's stops each with its pick-up time, in the order of the timetable (the
    order the stops were proposed in, unless a visit moved since), and the timetable."""
    timetable = coach_timetable(stops)
    if timetable is None:
        return [(stop, None) for stop in stops], None
    timed = [(stop, timetable.pickup(stop.pk)) for stop in stops]
    return sorted(timed, key=lambda item: item[1]), timetable
