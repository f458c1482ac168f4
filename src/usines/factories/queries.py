"""Read-side queries of published visits, shared by the public pages and the API.

Each returns a queryset with everything a list row shows joined or annotated in
the same query, so a page costs the same whatever the number of sites.
"""

import bisect
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from usines.editions.models import Edition
from usines.factories import kept
from usines.factories.models import Participation, ParticipationStatus, Site, Slot
from usines.reference.geo import BoundingBox, Place, haversine_km, within_radius
from usines.reference.models import Department, Region

NEARBY_RADIUS_KM = 50


def _open_slots(slots: Q) -> QuerySet[Slot]:
    """The open slots of the outer participation's visit that match `slots`."""
    return Slot.objects.filter(slots, visit_id=OuterRef("visit__id"), is_cancelled=False)


def places_left(slots: Q | None = None) -> Coalesce:
    """Places left on the participation's open slots that match `slots` (all of them
    by default): a correlated subquery, computed for the rows a page shows."""
    left = (
        _open_slots(slots or Q())
        .order_by()
        .values("visit_id")
        .annotate(left=Sum(F("capacity") - F("booked")))
        .values("left")
    )
    return Coalesce(Subquery(left, output_field=IntegerField()), Value(0))


def next_slot_id(slots: Q | None = None) -> Subquery:
    """The first open slot with places left among those matching `slots`, or NULL."""
    first = (
        _open_slots(slots or Q())
        .filter(booked__lt=F("capacity"))
        .order_by("starts_at", "pk")
        .values("pk")[:1]
    )
    return Subquery(first, output_field=IntegerField())


def with_slot_figures(queryset: QuerySet, slots: Q | None = None) -> QuerySet:
    """Annotate `places_left` and `next_slot_id` counted on the slots matching `slots`
    (a search's day, audience, places left), so that what a result says follows its
    filters. Replaces the `places_left` of `published_participations`."""
    return queryset.annotate(places_left=places_left(slots), next_slot_id=next_slot_id(slots))


def attach_next_slots(participations: list[Participation]) -> list[Participation]:
    """Set `next_slot` (a Slot or None) on rows annotated by `with_slot_figures`: one
    query for the whole page."""
    wanted = [row.next_slot_id for row in participations if row.next_slot_id]
    slots = Slot.objects.in_bulk(wanted) if wanted else {}
    for row in participations:
        row.next_slot = slots.get(row.next_slot_id)
    return participations


def published_participations(edition: Edition) -> QuerySet[Participation]:
    """Published participations of an edition, with site, place, sector and places left."""
    return (
        Participation.objects.filter(edition=edition, status=ParticipationStatus.PUBLISHED)
        .select_related(
            "visit",
            "site__commune__department__region",
            "site__naf__division",
        )
        .defer("site__search_text", "visit__search_text")
        .annotate(places_left=places_left())
        .order_by("site__name", "pk")
    )


class Points:
    """Published sites as (latitude, longitude, participation id), by ascending
    latitude, searched by latitude band and then by the distance the database computes
    in `within_radius`."""

    def __init__(self, rows: list[tuple[float, float, int]]):
        self.rows = rows
        self.latitudes = [row[0] for row in rows]

    def within(self, place: Place, radius_km: float) -> list[tuple[float, int]]:
        """(distance in km, participation id) of the sites within the radius, nearest
        first and then by id, as `within_radius` orders them."""
        box = BoundingBox.around(place.latitude, place.longitude, radius_km)
        first = bisect.bisect_left(self.latitudes, box.south)
        last = bisect.bisect_right(self.latitudes, box.north)
        found = []
        for latitude, longitude, participation in self.rows[first:last]:
            if box.west <= longitude <= box.east:
                distance = haversine_km(place.latitude, place.longitude, latitude, longitude)
                if distance <= radius_km:
                    found.append((distance, participation))
        found.sort()
        return found


def _points(edition: Edition) -> Points:
    """The points of the edition's published sites: one query of three columns."""
    published = Participation.objects.filter(edition=edition, status=ParticipationStatus.PUBLISHED)
    return Points(sorted(published.values_list("site__latitude", "site__longitude", "pk")))


def sites_within(edition: Edition, place: Place, radius_km: float) -> list[tuple[float, int]]:
    """(distance in km, participation id) of the edition's published sites within the
    radius, nearest first: `within_radius` on `published_participations`, answered
    from the points this process keeps (see `kept`) with no query per search."""
    points = kept.remembered(kept.points, edition.pk, lambda: _points(edition))
    return points.within(place, radius_km)


@dataclass(frozen=True)
class EditionCounters:
    factories: int
    places_left: int
    places_booked: int


def territory_filter(region: Region | None = None, department: Department | None = None) -> Q:
    """Participations of a region or a department (or all of them)."""
    if department is not None:
        return Q(site__commune__department=department)
    if region is not None:
        return Q(site__commune__department__region=region)
    return Q()


def edition_counters(edition: Edition, territory: Q | None = None) -> EditionCounters:
    """Published factories and places left/booked on their open slots: two queries."""
    participations = Participation.objects.filter(
        territory or Q(), edition=edition, status=ParticipationStatus.PUBLISHED
    )
    factories = participations.count()
    totals = Slot.objects.filter(
        visit__participation__in=participations.values("pk"), is_cancelled=False
    ).aggregate(capacity=Sum("capacity"), booked=Sum("booked"))
    capacity = totals["capacity"] or 0
    booked = totals["booked"] or 0
    return EditionCounters(factories=factories, places_left=capacity - booked, places_booked=booked)


def public_counters(
    edition: Edition, region: Region | None = None, department: Department | None = None
) -> EditionCounters:
    """`edition_counters` of a territory (or the whole edition) as the public pages
    show them: kept by this process for PUBLIC_READ_SECONDS (see `kept`)."""
    return kept.remembered(
        kept.counters,
        (edition.pk, region and region.code, department and department.code),
        lambda: edition_counters(edition, territory_filter(region, department)),
    )


def nearby_participations(edition: Edition, site: Site, limit: int = 5) -> list[Participation]:
    """Other published visits within NEARBY_RADIUS_KM of a site, nearest first."""
    here = Place(site.latitude, site.longitude, site.name)
    others = published_participations(edition).exclude(site_id=site.pk)
    return list(within_radius(others, here, NEARBY_RADIUS_KM, prefix="site__")[:limit])


def site_record(participation: Participation) -> dict:
    """What anyone may know of a participating site (no personal data), in one shape
    for the API, the open data and the widget. Reads what `published_participations`
    joins: the site, its commune and department, its NAF division, the visit."""
    site = participation.site
    division = site.naf.division
    return {
        "id": site.pk,
        "name": site.name,
        "commune": site.commune.name,
        "insee": site.commune_id,
        "postcode": site.postcode,
        "department": site.commune.department_id,
        "region": site.commune.department.region_id,
        "naf": site.naf_id,
        "sector": division.sector,
        "sector_label": division.get_sector_display(),
        "activity": division.label,
        "headcount_band": site.headcount_band,
        "lat": site.latitude,
        "lon": site.longitude,
        "visit_title": participation.visit.title,
        "url": settings.SITE_URL + reverse("web:site", args=[site.pk]),
    }
