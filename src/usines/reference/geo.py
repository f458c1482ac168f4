"""Places and distances: resolve what a visitor types, search within a radius.

Distance search runs in the database on any backend: a bounding box on indexed
latitude/longitude keeps only the rows that can be within the radius, then the
haversine distance, built from Django's portable math functions, sorts and trims
them. SQLite gets those functions from Django itself, PostgreSQL natively.
"""

import math
import re
from dataclasses import dataclass

from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import Func
from django.db.models.functions import ASin, Cos, Power, Sin, Sqrt

from usines.reference.models import Commune, Postcode
from usines.reference.text import normalise

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
RADII_KM = (10, 25, 50, 100)
DEFAULT_RADIUS_KM = 50

_LAT_LON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,;\s]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_POSTCODE = re.compile(r"^\s*(\d{5})\s*$")
_POSTCODE_AND_NAME = re.compile(r"^\s*(\d{5})\s+(.+?)\s*$")
_NAME_AND_DEPARTMENT = re.compile(r"^\s*(.+?)\s*\((\d[0-9AB]|\d{3})\)\s*$", re.IGNORECASE)


# Circles searched, widest last, for the commune nearest a visitor's position.
NEAREST_COMMUNE_RADII_KM = (5, 20, 80)


@dataclass(frozen=True)
class Place:
    latitude: float
    longitude: float
    label: str
    # A point the browser gave ("use my location"): `label` names its nearest commune.
    is_position: bool = False


def commune_label(commune: Commune) -> str:
    return f"{commune.name} ({commune.department_id})"


def _place(commune: Commune | None) -> Place | None:
    if commune is None:
        return None
    return Place(commune.latitude, commune.longitude, commune_label(commune))


def resolve_place(text: str, name_position: bool = True) -> Place | None:
    """A point from "46.06,6.57", "74300", "74300 Cluses", "Cluses (74)" or "st etienne".

    A postcode or a name shared by several communes means the most populous one. A
    position is labelled with its nearest commune, unless `name_position` is False
    (a caller that shows no label spares the query).
    """
    text = (text or "").strip()[:120]
    if not text:
        return None
    if match := _LAT_LON.match(text):
        latitude, longitude = float(match.group(1)), float(match.group(2))
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            commune = nearest_commune(latitude, longitude) if name_position else None
            label = commune_label(commune) if commune else f"{latitude:.4f}, {longitude:.4f}"
            return Place(latitude, longitude, label, is_position=True)
        return None
    communes = Commune.objects.order_by("-population", "insee_code")
    if match := _POSTCODE.match(text):
        return _place(communes.filter(postcodes__code=match.group(1)).first())
    if match := _POSTCODE_AND_NAME.match(text):
        named = communes.filter(
            postcodes__code=match.group(1), search_name=normalise(match.group(2))
        )
        return _place(named.first() or communes.filter(postcodes__code=match.group(1)).first())
    if match := _NAME_AND_DEPARTMENT.match(text):
        communes = communes.filter(department_id=match.group(2).upper())
        text = match.group(1)
    name = normalise(text)
    if not name:
        return None
    return _place(
        communes.filter(search_name=name).first()
        or communes.filter(search_name__startswith=name).first()
    )


def nearest_commune(latitude: float, longitude: float) -> Commune | None:
    """The commune whose centre is nearest the point, from the reference data (no
    geocoding service): a bounding box in widening circles, then the haversine
    distance in SQL; None further than the widest circle from any commune."""
    here = Place(latitude, longitude, "")
    for radius_km in NEAREST_COMMUNE_RADII_KM:
        commune = within_radius(Commune.objects.all(), here, radius_km).first()
        if commune is not None:
            return commune
    return None


def find_commune(text: str, postcode: str) -> Commune | None:
    """The commune a form names ("Cluses", "Cluses (74)") among those of the postcode."""
    text = (text or "").strip()[:120]
    if match := _NAME_AND_DEPARTMENT.match(text):
        text = match.group(1)
    name = normalise(text)
    if not name:
        return None
    communes = Commune.objects.filter(postcodes__code=postcode).order_by("-population")
    return (
        communes.filter(search_name=name).first()
        or communes.filter(search_name__startswith=name).first()
    )


@dataclass(frozen=True)
class Suggestion:
    insee_code: str
    name: str
    department: str
    postcode: str
    latitude: float
    longitude: float

    @property
    def label(self) -> str:
        return f"{self.name} ({self.department})"


def suggest_communes(text: str, limit: int = 10) -> list[Suggestion]:
    """Communes whose name or postcode starts with what was typed, most populous first.

    Two indexed prefix lookups (search_name, postcode), whatever the size of the table.
    """
    text = (text or "").strip()[:80]
    if text.isdigit():
        if len(text) < 2:
            return []
        rows = (
            Postcode.objects.filter(code__startswith=text)
            .select_related("commune")
            .order_by("-commune__population", "code")[:limit]
        )
        return [
            Suggestion(
                row.commune_id,
                row.commune.name,
                row.commune.department_id,
                row.code,
                row.commune.latitude,
                row.commune.longitude,
            )
            for row in rows
        ]
    name = normalise(text)
    if len(name) < 2:
        return []
    communes = list(
        Commune.objects.filter(search_name__startswith=name).order_by("-population", "name")[:limit]
    )
    first_postcode = dict(
        Postcode.objects.filter(commune__in=communes)
        .order_by("-code")
        .values_list("commune_id", "code")
    )
    return [
        Suggestion(
            commune.insee_code,
            commune.name,
            commune.department_id,
            first_postcode.get(commune.insee_code, ""),
            commune.latitude,
            commune.longitude,
        )
        for commune in communes
    ]


@dataclass(frozen=True)
class BoundingBox:
    south: float
    west: float
    north: float
    east: float

    @classmethod
    def around(cls, latitude: float, longitude: float, radius_km: float) -> "BoundingBox":
        """The smallest latitude/longitude box holding every point within the radius."""
        delta_lat = radius_km / KM_PER_DEGREE
        widest = max(abs(latitude) + delta_lat, 0.0)
        if widest >= 89.9:
            delta_lon = 180.0
        else:
            delta_lon = radius_km / (KM_PER_DEGREE * math.cos(math.radians(widest)))
        return cls(
            latitude - delta_lat, longitude - delta_lon, latitude + delta_lat, longitude + delta_lon
        )

    @classmethod
    def parse(cls, text: str) -> "BoundingBox | None":
        """ "west,south,east,north" in degrees, as maps and GeoJSON write it."""
        try:
            west, south, east, north = (float(part) for part in text.split(","))
        except (TypeError, ValueError):
            return None
        if not (-90 <= south < north <= 90 and -180 <= west < east <= 180):
            return None
        return cls(south, west, north, east)

    def filter(self, queryset: QuerySet, prefix: str) -> QuerySet:
        return queryset.filter(
            **{
                f"{prefix}latitude__range": (self.south, self.north),
                f"{prefix}longitude__range": (self.west, self.east),
            }
        )


def distance_km(latitude: float, longitude: float, prefix: str = "") -> Func:
    """Haversine distance from a point to the row's `<prefix>latitude/longitude`, in km.

    Degrees become radians by plain multiplication (native SQL); only the sine,
    cosine, power, square root and arcsine are functions (Python ones on SQLite).
    """
    to_radians = math.pi / 180
    lat = F(f"{prefix}latitude") * to_radians
    half_dlat = (lat - math.radians(latitude)) / 2
    half_dlon = (F(f"{prefix}longitude") * to_radians - math.radians(longitude)) / 2
    haversine = Power(Sin(half_dlat), 2) + math.cos(math.radians(latitude)) * Cos(lat) * Power(
        Sin(half_dlon), 2
    )
    return 2 * EARTH_RADIUS_KM * ASin(Sqrt(haversine), output_field=FloatField())


def haversine_km(latitude: float, longitude: float, to_latitude: float, to_longitude: float):
    """The distance of `distance_km`, computed in Python step for step as the database
    does, so that both order the same sites the same way."""
    to_radians = math.pi / 180
    lat = to_latitude * to_radians
    half_dlat = (lat - math.radians(latitude)) / 2
    half_dlon = (to_longitude * to_radians - math.radians(longitude)) / 2
    haversine = (
        math.sin(half_dlat) ** 2
        + math.cos(math.radians(latitude)) * math.cos(lat) * math.sin(half_dlon) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(haversine))


def within_radius(queryset: QuerySet, place: Place, radius_km: float, prefix: str = "") -> QuerySet:
    """Rows within the radius, annotated `distance_km` and nearest first."""
    box = BoundingBox.around(place.latitude, place.longitude, radius_km)
    return (
        box.filter(queryset, prefix)
        .annotate(distance_km=distance_km(place.latitude, place.longitude, prefix))
        .filter(distance_km__lte=radius_km)
        .order_by("distance_km", "pk")
    )
