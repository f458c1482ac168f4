"""Pooling coach requests: fewer coaches and fewer kilometres for the same classes.

The problem: each request is a class (seats) leaving a school for a visit (a site,
a day, a start time). Two classes can share a coach when they go the same day to
the same site or to sites close to each other (SITE_RADIUS_KM), their visits start
within TIME_WINDOW_MINUTES of each other (every pair in a coach), and their schools are close
(`school_radius_km`, set by the organiser). A coach has one of the standard sizes.
And the coach must keep its timetable: a coach is at one factory at a time. It
drops each class before its visit and takes it back after, so when its classes go
to two factories, a class waits at the first while the coach drives to the second
(`schedule`), and again after its visit while the coach collects at the other one
(`collection`). A coach is not proposed when a class would wait more than
MAX_WAIT_MINUTES for that (the coach would have to be at two factories at once),
nor when a school would be reached before its teacher can leave.

The heuristic, greedy and deterministic:

1. Requests are taken largest first (big classes are the hardest to place).
2. Each goes into the open pool where it adds the fewest kilometres among those
   it is compatible with and fits in (the largest coach size); else it opens a
   new pool.
3. Each pool then gets the smallest coach that holds its seats, and a route: the
   schools in nearest-neighbour order starting from the one farthest from the
   first factory, then the factories in the order of their visits; and a timetable
   worked back from the visits' start (`schedule`).

Distances are great-circle distances times ROAD_FACTOR, the usual ratio of road
to straight-line distance in France. The objective is reported, not only
optimised: coaches and kilometres, against one coach per class. Everything is
O(n × pools) per day, a few milliseconds for hundreds of requests.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3
SITE_RADIUS_KM = 10.0
TIME_WINDOW_MINUTES = 90
DEFAULT_SCHOOL_RADIUS_KM = 15.0
COACH_SIZES = (30, 50, 59)
# The timetable: an average coach speed on French roads, towns and junctions included;
# the time a class takes to get on (or off) at a stop; how early before its visit
# a class arrives (the visit sheet asks for 10 minutes); how much longer a class may
# wait at its factory, before or after its visit, because the coach is at another.
COACH_SPEED_KMH = 50.0
STOP_MINUTES = 5
ARRIVAL_MARGIN_MINUTES = 10
MAX_WAIT_MINUTES = 15
VISIT_MINUTES = 90  # a visit's length when its end is not known

Point = tuple[float, float]


def km(a: Point, b: Point) -> float:
    """Great-circle distance in kilometres between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


@dataclass(frozen=True)
class Request:
    id: int
    seats: int
    school: Point
    site_id: int
    site: Point
    day_id: int
    starts_at: datetime
    ends_at: datetime | None = None
    leave_after: datetime | None = None  # the earliest the class can leave its school


def drive_minutes(a: Point, b: Point, speed_kmh: float = COACH_SPEED_KMH) -> float:
    """Minutes on the road from a to b: the road distance at an average coach speed."""
    return km(a, b) * ROAD_FACTOR / speed_kmh * 60


def _to_minute(moment: datetime) -> datetime:
    """The nearest whole minute: a timetable says 9:16, not 9:16:24."""
    rounded = moment.replace(second=0, microsecond=0)
    return rounded + timedelta(minutes=1) if moment - rounded >= timedelta(seconds=30) else rounded


def schedule(
    schools: list[Point],
    factories: list[tuple[Point, datetime]],
    speed_kmh: float = COACH_SPEED_KMH,
    stop_minutes: float = STOP_MINUTES,
) -> tuple[list[datetime], list[datetime]]:
    """When the coach reaches each school and each factory, along the route.

    `schools` are the pick-ups in order, `factories` the drop-offs in order, each
    with the time the coach must be there by. Worked backwards from the last
    factory: the coach reaches it at its time; it left the previous factory
    `stop_minutes` (the class getting off) plus the drive earlier, or reached that
    one by its own time if that is earlier still; it reaches each school the drive
    to the next stop plus `stop_minutes` (the class getting on) before that stop,
    once for the classes of one school in a row. Returns the pick-up times and the
    arrival times, to the minute.
    """
    stop = timedelta(minutes=stop_minutes)
    arrivals = [factories[-1][1]]
    for (here, arrive_by), (after, _time) in zip(
        reversed(factories[:-1]), reversed(factories[1:]), strict=True
    ):
        leave = arrivals[0] - timedelta(minutes=drive_minutes(here, after, speed_kmh))
        arrivals.insert(0, min(arrive_by, leave - stop))
    pickups: list[datetime] = []
    next_stop, next_time = factories[0][0], arrivals[0]
    for school in reversed(schools):
        if pickups and school == next_stop:  # another class of the same school: one stop
            pickups.insert(0, next_time)
            continue
        next_time = next_time - timedelta(minutes=drive_minutes(school, next_stop, speed_kmh))
        next_time -= stop
        pickups.insert(0, next_time)
        next_stop = school
    return [_to_minute(t) for t in pickups], [_to_minute(t) for t in arrivals]


def collection(
    factories: list[tuple[Point, datetime]],
    speed_kmh: float = COACH_SPEED_KMH,
    stop_minutes: float = STOP_MINUTES,
) -> list[datetime]:
    """When the coach is back at each factory to take its classes home, in order.

    `factories` are in the order their visits end, each with that end. Worked
    forwards: the coach is at the first one when its visit ends; it reaches each
    next one `stop_minutes` (the class getting on) plus the drive later, or when that
    visit ends if it is later still. Returns the times, to the minute.
    """
    stop = timedelta(minutes=stop_minutes)
    times = [factories[0][1]]
    for (here, _end), (after, ends_at) in zip(factories, factories[1:], strict=False):
        reached = times[-1] + stop + timedelta(minutes=drive_minutes(here, after, speed_kmh))
        times.append(max(ends_at, reached))
    return [_to_minute(t) for t in times]


@dataclass(frozen=True)
class Timetable:
    """A coach's day: each pick-up in route order with its time; each factory with
    the time the coach drops its classes there and the time it should (its first
    visit's start less the arrival margin); each factory with the time the coach
    collects its classes and the time its last visit ends."""

    stops: list[tuple[Request, datetime]]
    factories: list[tuple[int, datetime, datetime]]  # site id, arrival, due
    collections: list[tuple[int, datetime, datetime]]  # site id, collected at, visits end

    @property
    def starts_at(self) -> datetime:
        return self.stops[0][1]

    @property
    def ends_at(self) -> datetime:
        return self.collections[-1][1]

    def pickup(self, request_id: int) -> datetime | None:
        return next((at for request, at in self.stops if request.id == request_id), None)

    def longest_wait(self) -> int:
        """The longest a class waits, in minutes, because the coach is at another
        factory: dropped early, before its visit, or collected late, after it."""
        early = [due - at for _site, at, due in self.factories]
        late = [at - end for _site, at, end in self.collections]
        return max(int(wait.total_seconds() // 60) for wait in early + late)

    def too_early(self) -> list[Request]:
        """The classes the coach would reach before their teacher can leave."""
        return [
            request
            for request, at in self.stops
            if request.leave_after is not None and at < request.leave_after
        ]

    def is_kept(self) -> bool:
        """Whether one coach can do it: at one factory at a time, with no class
        waiting more than MAX_WAIT_MINUTES for it, and no school reached too early."""
        return self.longest_wait() <= MAX_WAIT_MINUTES and not self.too_early()


def overlap(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    """Whether two spans of time share a moment (one ending as the other starts does not)."""
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Pool:
    requests: list[Request] = field(default_factory=list)

    @property
    def seats(self) -> int:
        return sum(request.seats for request in self.requests)

    @property
    def coach_seats(self) -> int:
        return next((size for size in COACH_SIZES if size >= self.seats), COACH_SIZES[-1])

    def route(self) -> list[Request]:
        """Pick-up order: farthest school from the first factory first, then nearest next."""
        if len(self.requests) < 2:
            return list(self.requests)
        destination = self.factories()[0][1]
        left = sorted(self.requests, key=lambda r: (-km(r.school, destination), r.id))
        ordered = [left.pop(0)]
        while left:
            here = ordered[-1].school
            left.sort(key=lambda r: (km(here, r.school), r.id))
            ordered.append(left.pop(0))
        return ordered

    def factories(self) -> list[tuple[int, Point, datetime]]:
        """The factories in the order the coach reaches them (earliest visit first),
        each with the time it must be there by: its first visit less the margin."""
        due: dict[int, tuple[Point, datetime]] = {}
        margin = timedelta(minutes=ARRIVAL_MARGIN_MINUTES)
        for request in self.requests:
            at = request.starts_at - margin
            if request.site_id not in due or at < due[request.site_id][1]:
                due[request.site_id] = (request.site, at)
        return sorted(
            ((site_id, site, at) for site_id, (site, at) in due.items()),
            key=lambda f: (f[2], f[0]),
        )

    def collections(self) -> list[tuple[int, Point, datetime]]:
        """The factories in the order the coach takes its classes back, each with the
        time its last visit ends."""
        ends: dict[int, tuple[Point, datetime]] = {}
        for request in self.requests:
            end = request.ends_at or request.starts_at + timedelta(minutes=VISIT_MINUTES)
            if request.site_id not in ends or end > ends[request.site_id][1]:
                ends[request.site_id] = (request.site, end)
        return sorted(
            ((site_id, site, end) for site_id, (site, end) in ends.items()),
            key=lambda f: (f[2], f[0]),
        )

    def timetable(
        self, speed_kmh: float = COACH_SPEED_KMH, stop_minutes: float = STOP_MINUTES
    ) -> Timetable:
        ordered = self.route()
        factories = self.factories()
        pickups, arrivals = schedule(
            [request.school for request in ordered],
            [(site, at) for _id, site, at in factories],
            speed_kmh,
            stop_minutes,
        )
        back = self.collections()
        collected = collection([(site, end) for _id, site, end in back], speed_kmh, stop_minutes)
        return Timetable(
            stops=list(zip(ordered, pickups, strict=True)),
            factories=[
                (site_id, arrival, due)
                for (site_id, _site, due), arrival in zip(factories, arrivals, strict=True)
            ],
            collections=[
                (site_id, at, end)
                for (site_id, _site, end), at in zip(back, collected, strict=True)
            ],
        )

    def busy(self) -> tuple[datetime, datetime]:
        """From the first pick-up to the last factory where it takes its classes back."""
        timetable = self.timetable()
        return timetable.starts_at, timetable.ends_at

    def kilometres(self) -> float:
        """School to school to the factories, one way, on the road."""
        ordered = self.route()
        total = sum(km(a.school, b.school) for a, b in zip(ordered, ordered[1:], strict=False))
        sites = [site for _id, site, _at in self.factories()]
        total += km(ordered[-1].school, sites[0])
        total += sum(km(a, b) for a, b in zip(sites, sites[1:], strict=False))
        return total * ROAD_FACTOR


@dataclass
class Plan:
    pools: list[Pool]
    coaches: int
    kilometres: float
    baseline_coaches: int
    baseline_kilometres: float


def compatible(pool: Pool, request: Request, school_radius_km: float) -> bool:
    """Same day, room left, and with every class already in: visits starting within
    the time window, at the same site or sites close by; a school close to one of
    the schools already on the way; and a timetable one coach can keep."""
    if pool.seats + request.seats > COACH_SIZES[-1]:
        return False
    for other in pool.requests:
        if request.day_id != other.day_id:
            return False
        if abs((request.starts_at - other.starts_at).total_seconds()) > TIME_WINDOW_MINUTES * 60:
            return False
        if request.site_id != other.site_id and km(request.site, other.site) > SITE_RADIUS_KM:
            return False
    if not any(km(request.school, other.school) <= school_radius_km for other in pool.requests):
        return False
    return Pool([*pool.requests, request]).timetable().is_kept()


def pool_requests(
    requests: list[Request], school_radius_km: float = DEFAULT_SCHOOL_RADIUS_KM
) -> Plan:
    pools: list[Pool] = []
    for request in sorted(requests, key=lambda r: (-r.seats, r.id)):
        best, best_extra = None, math.inf
        for pool in pools:
            if not compatible(pool, request, school_radius_km):
                continue
            before = pool.kilometres()
            pool.requests.append(request)
            extra = pool.kilometres() - before
            pool.requests.pop()
            if extra < best_extra:
                best, best_extra = pool, extra
        if best is None:
            pools.append(Pool([request]))
        else:
            best.requests.append(request)
    baseline_km = sum(km(r.school, r.site) * ROAD_FACTOR for r in requests)
    return Plan(
        pools=pools,
        coaches=len(pools),
        kilometres=sum(pool.kilometres() for pool in pools),
        baseline_coaches=len(requests),
        baseline_kilometres=baseline_km,
    )
