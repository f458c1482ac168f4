"""A coach's timetable, checked by hand, and a coach never at two factories at once.

The points lie on one meridian, where the great-circle distance is exactly the
difference of latitudes: `north(p, d)` is d km *by road* north of p (d / 1.3 as the
crow flies), so at 50 km/h 10 km take 12 minutes and 25 km take 30.
"""

import math
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from usines.schools import pooling

PARIS = ZoneInfo("Europe/Paris")
FACTORY = (45.0, 6.0)


def north(point, road_km: float):
    crow = road_km / pooling.ROAD_FACTOR
    return (point[0] + math.degrees(crow / pooling.EARTH_RADIUS_KM), point[1])


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 3, 19, hour, minute, tzinfo=PARIS)


def request(id, school, starts_at=None, site_id=1, site=FACTORY, seats=20, **fields):
    starts_at = starts_at or at(10)
    return pooling.Request(
        id, seats, school, site_id, site, 1, starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(minutes=90)), **fields,
    )  # fmt: skip


def test_one_school_is_reached_the_drive_and_a_stop_before_the_class_is_due():
    # Due at 9:50 for a 10:00 visit; 25 km = 30 min on the road; 5 min to get on.
    pickups, arrivals = pooling.schedule([north(FACTORY, 25)], [(FACTORY, at(9, 50))])

    assert pickups == [at(9, 15)]
    assert arrivals == [at(9, 50)]


def test_two_schools_on_the_way_are_picked_up_farthest_first():
    far, near = north(FACTORY, 20), north(FACTORY, 10)
    pool = pooling.Pool([request(1, near), request(2, far)])

    timetable = pool.timetable()

    # 9:50 at the factory; near school 12 + 5 min before: 9:33; far school
    # 12 (20 - 10 km) + 5 min before that: 9:16.
    assert [(r.id, t) for r, t in timetable.stops] == [(2, at(9, 16)), (1, at(9, 33))]
    assert timetable.factories == [(1, at(9, 50), at(9, 50))]
    assert timetable.collections == [(1, at(11, 30), at(11, 30))]
    assert timetable.longest_wait() == 0 and timetable.is_kept()


def test_the_classes_of_one_school_board_at_one_stop():
    school, other = north(FACTORY, 10), north(FACTORY, 20)

    pickups, _arrivals = pooling.schedule([other, school, school], [(FACTORY, at(9, 50))])

    # One stop at the near school for its two classes: 9:33; the far one 17 min before.
    assert pickups == [at(9, 16), at(9, 33), at(9, 33)]


def test_a_coach_reaches_its_factories_one_after_the_other():
    second = north(FACTORY, 10)  # 12 minutes from the first
    school = north(FACTORY, -25)  # 30 minutes south of the first

    pickups, arrivals = pooling.schedule([school], [(FACTORY, at(9, 50)), (second, at(9, 50))])

    # Both visits at 10:00: the second factory at 9:50, so the first at
    # 9:50 - 12 - 5 = 9:33 (its class waits 17 minutes more), the school at 8:58.
    assert arrivals == [at(9, 33), at(9, 50)]
    assert pickups == [at(8, 58)]
    # Both visits end at 11:30: the coach takes the first class at 11:30, the
    # second at 11:30 + 5 + 12 = 11:47.
    assert pooling.collection([(FACTORY, at(11, 30)), (second, at(11, 30))]) == [
        at(11, 30),
        at(11, 47),
    ]


def test_a_class_waiting_too_long_for_a_coach_at_another_factory_breaks_the_timetable():
    second = north(FACTORY, 10)
    school = north(FACTORY, -25)
    together = pooling.Pool(
        [request(1, school), request(2, school, site_id=2, site=second)]
    ).timetable()
    staggered = pooling.Pool(
        [request(1, school), request(2, school, starts_at=at(10, 30), site_id=2, site=second)]
    ).timetable()

    assert together.longest_wait() == 17 and not together.is_kept()  # 17 > 15 minutes
    # The second visit 30 minutes later: the coach drops the first class at 9:50 and
    # the second at 10:20 (17 minutes away: in time), takes the first back at 11:30
    # and reaches the second by 11:47, before its visit ends at 12:00: nobody waits.
    assert staggered.factories == [(1, at(9, 50), at(9, 50)), (2, at(10, 20), at(10, 20))]
    assert staggered.collections == [(1, at(11, 30), at(11, 30)), (2, at(12), at(12))]
    assert staggered.is_kept()


def test_a_school_reached_before_its_class_can_leave_breaks_the_timetable():
    school = north(FACTORY, 25)  # picked up at 9:15 for 10:00

    timetable = pooling.Pool([request(1, school, leave_after=at(9, 30))]).timetable()

    assert [r.id for r in timetable.too_early()] == [1]
    assert not timetable.is_kept()


def test_visits_at_the_same_time_at_two_factories_get_two_coaches():
    """Before the timetable, these two classes shared a coach (sites 7.7 km apart,
    visits at the same time): it would have been at both factories at 10:00."""
    second = north(FACTORY, 10)
    school_a, school_b = north(FACTORY, -25), north(FACTORY, -26)
    together = [request(1, school_a), request(2, school_b, site_id=2, site=second)]
    staggered = [
        request(1, school_a),
        request(2, school_b, starts_at=at(10, 30), site_id=2, site=second),
    ]

    assert pooling.pool_requests(together, school_radius_km=15).coaches == 2
    assert pooling.pool_requests(staggered, school_radius_km=15).coaches == 1


def test_overlapping_spans_of_time():
    assert pooling.overlap((at(9), at(12)), (at(11), at(14)))
    assert not pooling.overlap((at(9), at(12)), (at(12), at(14)))
    assert not pooling.overlap((at(9), at(10)), (at(13), at(14)))
