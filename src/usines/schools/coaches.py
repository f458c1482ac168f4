"""Coaches for school classes: a teacher's request, the organiser's pooling of the
requests into shared coaches (the heuristic and the timetable are in pooling.py),
accepting a coach or every proposed coach at once (each teacher is e-mailed its
details), splitting a class out of one, and the driver of an accepted coach.

A coach is never at two factories at the same time: pooling proposes only coaches
whose timetable holds (`pooling.Timetable.is_kept`), acceptance checks it again
with the visits' times of the moment (a host may have moved a slot since), and a
driver (known by the phone number) drives one accepted coach at a time.
"""

import re
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.bookings.models import BookingStatus
from usines.schools import pooling, tasks
from usines.schools.exceptions import (
    ClassListMismatch,
    CoachTimetable,
    DriverBusy,
    ProposalsChanged,
)
from usines.schools.models import ClassGroup, CoachPool, CoachRequest, CoachRequestStatus
from usines.schools.timetables import coach_timetable, pooling_request, stops_of

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
        item = pooling_request(request)
        if item is None:
            continue
        items.append(item)
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


def _check_timetables(pool_ids: list[int]) -> None:
    """Refuse coaches whose timetable no longer holds with the visits' times of now."""
    _ready, broken = reviewable(stops_of(pool_ids))
    if broken:
        raise CoachTimetable()


def _accept(pool_ids: list[int], organiser: User) -> None:
    """Mark proposed coaches accepted and their classes pooled, and e-mail each teacher
    after commit; ProposalsChanged if one of them is not a proposal any more (the
    conditional UPDATE counts them, so two organisers cannot both accept one). Runs
    inside the caller's transaction, which an error rolls back."""
    accepted = CoachPool.objects.filter(pk__in=pool_ids, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=organiser
    )
    if accepted != len(pool_ids):
        raise ProposalsChanged()
    _check_timetables(pool_ids)
    requests = list(CoachRequest.objects.filter(pool_id__in=pool_ids).values_list("pk", flat=True))
    CoachRequest.objects.filter(pk__in=requests).update(status=CoachRequestStatus.POOLED)
    for request_id in requests:
        tasks.send_coach_details.enqueue(request_id)


@transaction.atomic
def accept_coach_pool(pool: CoachPool, organiser: User) -> CoachPool:
    """Confirm a proposed coach; each teacher gets its details by e-mail. Raises
    CoachTimetable when the coach cannot keep its timetable with the visits' times of
    now (a host may have moved a slot), nothing written then."""
    try:
        _accept([pool.pk], organiser)
    except ProposalsChanged as error:
        raise ClassListMismatch(_("This coach is already accepted.")) from error
    pool.refresh_from_db()
    return pool


@transaction.atomic
def accept_coach_pools(pools, reviewed: set[int], organiser: User) -> int:
    """Accept, in one transaction, the coaches the organiser reviewed (`reviewed`, their
    ids) among `pools` (a queryset of the organiser's scope). All or nothing: when one
    of them is no longer a proposal there (proposed again, accepted meanwhile, split),
    ProposalsChanged; when one cannot keep its timetable, CoachTimetable. Each teacher
    is e-mailed once the whole commits. Returns how many coaches were accepted."""
    current = list(
        pools.filter(pk__in=reviewed, accepted_at__isnull=True).values_list("pk", flat=True)
    )
    if not reviewed or len(set(current)) != len(reviewed):
        raise ProposalsChanged()
    _accept(sorted(reviewed), organiser)
    return len(reviewed)


def reviewable(stops: dict[int, list[CoachRequest]]) -> tuple[set[int], set[int]]:
    """Of proposed coaches and their stops: those that can be accepted, and those that
    cannot keep their timetable (left out of an acceptance of all)."""
    ready, broken = set(), set()
    for pool_id, pool_stops in stops.items():
        timetable = coach_timetable(pool_stops)
        (broken if timetable is not None and not timetable.is_kept() else ready).add(pool_id)
    return ready, broken


@transaction.atomic
def split_from_pool(request: CoachRequest) -> CoachPool:
    """Take a class out of a proposed coach into a coach of its own."""
    old = request.pool
    if old is None or old.accepted_at is not None:
        raise ClassListMismatch(_("Only a proposed coach can be split."))
    item = pooling_request(request)
    alone = pooling.Pool([item]) if item is not None else None
    pool = CoachPool.objects.create(
        day_id=request.class_group.booking.slot.day_id,
        region_id=old.region_id,
        coach_seats=alone.coach_seats if alone else request.seats,
        seats_used=request.seats,
        estimated_km=round(alone.kilometres(), 1) if alone else 0,
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


def phone_key(phone: str) -> str:
    """A phone number as digits, the French way: "+33 (0)6 12…", "0033 6 12…" and
    "06 12…" are one."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith(("+33", "0033")):
        digits = "0" + digits.removeprefix("00").removeprefix("33").removeprefix("0")
    return digits


def _busy(pool_stops: list[CoachRequest]) -> tuple[datetime, datetime] | None:
    items = [pooling_request(stop) for stop in pool_stops]
    if not items or None in items:
        return None
    return pooling.Pool(items).busy()


@transaction.atomic
def set_coach_driver(pool: CoachPool, name: str, phone: str) -> CoachPool:
    """Write the driver of an accepted coach. A driver (one phone number) drives one
    coach at a time: DriverBusy names the accepted coach of the same day whose time,
    from the first pick-up to the end of the last visit, overlaps this one's."""
    if pool.accepted_at is None:
        raise ClassListMismatch(_("Accept the coach before you name its driver."))
    key = phone_key(phone)
    if key:
        others = CoachPool.objects.filter(day_id=pool.day_id, accepted_at__isnull=False).exclude(
            pk=pool.pk
        )
        same_driver = [other for other in others if phone_key(other.driver_phone) == key]
        if same_driver:
            stops = stops_of([pool.pk, *(other.pk for other in same_driver)])
            mine = _busy(stops[pool.pk])
            for other in same_driver:
                theirs = _busy(stops[other.pk])
                if mine and theirs and pooling.overlap(mine, theirs):
                    raise DriverBusy(
                        _(
                            "This driver already drives coach n° %(other)s from %(start)s to "
                            "%(end)s that day: one driver, one coach at a time."
                        )
                        % {
                            "other": other.pk,
                            "start": timezone.localtime(theirs[0]).strftime("%H:%M"),
                            "end": timezone.localtime(theirs[1]).strftime("%H:%M"),
                        }
                    )
    CoachPool.objects.filter(pk=pool.pk).update(
        driver_name=name.strip(), driver_phone=phone.strip()
    )
    pool.refresh_from_db()
    return pool
