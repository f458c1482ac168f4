"""Pooling coach requests: fewer coaches and fewer kilometres for the same classes.

The problem: each request is a class (seats) leaving a school for a visit (a site,
a day, a start time). Two classes can share a coach when they go the same day to
the same site or to sites close to each other (SITE_RADIUS_KM), their visits start
within TIME_WINDOW_MINUTES of each other (every pair in a coach), and their schools are close
(`school_radius_km`, set by the organiser). A coach has one of the standard sizes.

The heuristic, greedy and deterministic:

1. Requests are taken largest first (big classes are the hardest to place).
2. Each goes into the open pool where it adds the fewest kilometres among those
   it is compatible with and fits in (the largest coach size); else it opens a
   new pool.
3. Each pool then gets the smallest coach that holds its seats, and a route: the
   schools in nearest-neighbour order starting from the one farthest from the
   destination, then the sites.

Distances are great-circle distances times ROAD_FACTOR, the usual ratio of road
to straight-line distance in France. The objective is reported, not only
optimised: coaches and kilometres, against one coach per class. Everything is
O(n × pools) per day, a few milliseconds for hundreds of requests.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3
SITE_RADIUS_KM = 10.0
TIME_WINDOW_MINUTES = 90
DEFAULT_SCHOOL_RADIUS_KM = 15.0
COACH_SIZES = (30, 50, 59)

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
        """Pick-up order: farthest school from the destination first, then nearest next."""
        if len(self.requests) < 2:
            return list(self.requests)
        destination = self.requests[0].site
        left = sorted(self.requests, key=lambda r: (-km(r.school, destination), r.id))
        ordered = [left.pop(0)]
        while left:
            here = ordered[-1].school
            left.sort(key=lambda r: (km(here, r.school), r.id))
            ordered.append(left.pop(0))
        return ordered

    def kilometres(self) -> float:
        """School to school to the sites, one way, on the road."""
        ordered = self.route()
        total = sum(km(a.school, b.school) for a, b in zip(ordered, ordered[1:], strict=False))
        total += km(ordered[-1].school, ordered[0].site)
        sites = []
        for request in ordered:
            if request.site not in sites:
                sites.append(request.site)
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
    the time window, at the same site or sites close by; and a school close to one of
    the schools already on the way."""
    if pool.seats + request.seats > COACH_SIZES[-1]:
        return False
    for other in pool.requests:
        if request.day_id != other.day_id:
            return False
        if abs((request.starts_at - other.starts_at).total_seconds()) > TIME_WINDOW_MINUTES * 60:
            return False
        if request.site_id != other.site_id and km(request.site, other.site) > SITE_RADIUS_KM:
            return False
    return any(km(request.school, other.school) <= school_radius_km for other in pool.requests)


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
