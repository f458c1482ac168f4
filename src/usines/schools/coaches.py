"""Coaches for school classes: a teacher's request, the organiser's pooling of the
requests into shared coaches (the heuristic is in pooling.py), accepting a coach
(each teacher is e-mailed its details) and splitting a class out of one.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.bookings.models import BookingStatus
from usines.schools import pooling, tasks
from usines.schools.exceptions import ClassListMismatch
from usines.schools.models import ClassGroup, CoachPool, CoachRequest, CoachRequestStatus, School

MAX_COACH_SEATS = 59


@transaction.atomic
def request_coach(group: ClassGroup, seats: int, leave_after=None) -> CoachRequest:
    """Ask for transport for a booked class; one request per class, updated in place."""
    if not 1 <= seats <= MAX_COACH_SEATS:
        raise ClassListMismatch(
            _("A coach seats %(max)s at most: ask for fewer seats or split the class.")
            % {"max": MAX_COACH_SEATS}
        )
    request, _created = CoachRequest.objects.update_or_create(
        class_group=group,
        defaults={"seats": seats, "leave_after": leave_after},
    )
    return request


def school_point(school: School) -> tuple[float, float] | None:
    if school.latitude is not None and school.longitude is not None:
        return (school.latitude, school.longitude)
    if school.commune is not None:
        return (school.commune.latitude, school.commune.longitude)
    return None


def open_coach_requests(participations):
    """Requests of confirmed class bookings not yet in an accepted coach."""
    return CoachRequest.objects.filter(
        status=CoachRequestStatus.REQUESTED,
        class_group__booking__status=BookingStatus.CONFIRMED,
        class_group__booking__slot__visit__participation__in=participations,
    ).select_related(
        "class_group__school__commune",
        "class_group__booking__slot__visit__participation__site__commune__department",
    )


@transaction.atomic
def propose_coach_pools(participations, school_radius_km: float) -> pooling.Plan:
    """Replace the open proposals of these participations by a new pooling."""
    requests = list(open_coach_requests(participations))
    CoachPool.objects.filter(
        accepted_at__isnull=True, requests__in=[r.pk for r in requests]
    ).distinct().delete()
    items, by_id = [], {}
    for request in requests:
        slot = request.class_group.booking.slot
        site = slot.visit.participation.site
        point = school_point(request.class_group.school)
        if point is None:
            continue
        items.append(
            pooling.Request(
                id=request.pk,
                seats=request.seats,
                school=point,
                site_id=site.pk,
                site=(site.latitude, site.longitude),
                day_id=slot.day_id,
                starts_at=slot.starts_at,
            )
        )
        by_id[request.pk] = request
    plan = pooling.pool_requests(items, school_radius_km)
    for proposed in plan.pools:
        first = by_id[proposed.requests[0].id]
        slot = first.class_group.booking.slot
        pool = CoachPool.objects.create(
            day_id=slot.day_id,
            region_id=slot.visit.participation.site.commune.department.region_id,
            coach_seats=proposed.coach_seats,
            seats_used=proposed.seats,
            estimated_km=round(proposed.kilometres(), 1),
        )
        for order, item in enumerate(proposed.route()):
            CoachRequest.objects.filter(pk=item.id).update(pool=pool, stop_order=order)
    return plan


@transaction.atomic
def accept_coach_pool(pool: CoachPool, organiser: User) -> CoachPool:
    """Confirm a proposed coach; each teacher gets its details by e-mail."""
    if not CoachPool.objects.filter(pk=pool.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=organiser
    ):
        raise ClassListMismatch(_("This coach is already accepted."))
    requests = list(pool.requests.values_list("pk", flat=True))
    CoachRequest.objects.filter(pk__in=requests).update(status=CoachRequestStatus.POOLED)
    for request_id in requests:
        tasks.send_coach_details.enqueue(request_id)
    pool.refresh_from_db()
    return pool


@transaction.atomic
def split_from_pool(request: CoachRequest) -> CoachPool:
    """Take a class out of a proposed coach into a coach of its own."""
    old = request.pool
    if old is None or old.accepted_at is not None:
        raise ClassListMismatch(_("Only a proposed coach can be split."))
    slot = request.class_group.booking.slot
    site = slot.visit.participation.site
    school = school_point(request.class_group.school)
    alone = pooling.Pool(
        [
            pooling.Request(
                request.pk,
                request.seats,
                school,
                site.pk,
                (site.latitude, site.longitude),
                slot.day_id,
                slot.starts_at,
            )
        ]
    )
    pool = CoachPool.objects.create(
        day_id=slot.day_id,
        region_id=old.region_id,
        coach_seats=alone.coach_seats,
        seats_used=request.seats,
        estimated_km=round(alone.kilometres(), 1),
    )
    CoachRequest.objects.filter(pk=request.pk).update(pool=pool, stop_order=0)
    rest = list(old.requests.select_related("class_group__school__commune"))
    if not rest:
        old.delete()
    else:
        seats = sum(r.seats for r in rest)
        CoachPool.objects.filter(pk=old.pk).update(
            seats_used=seats,
            coach_seats=next(
                (s for s in pooling.COACH_SIZES if s >= seats), pooling.COACH_SIZES[-1]
            ),
        )
    return pool
