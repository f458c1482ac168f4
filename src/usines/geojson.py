"""Points on a map as GeoJSON: every map layer of the project (the public sites, the
open data, the cockpit's fill map, the coach requests) is built here, so that all
share one shape: a FeatureCollection of points with their properties."""

import json
from collections.abc import Iterable

from django.http import HttpResponse

# 4 decimals are about 10 m: enough to place a factory, and a compact answer.
DIGITS = 4


def point(latitude: float, longitude: float, properties: dict, digits: int = DIGITS) -> dict:
    """One point feature; GeoJSON puts the longitude first."""
    return {
        "type": "Feature",
        "geometry": {
            "type": "Point",
            "coordinates": [round(longitude, digits), round(latitude, digits)],
        },
        "properties": properties,
    }


def collection(features: Iterable[dict], **members) -> dict:
    """A FeatureCollection, with any foreign members (name, licence…) first."""
    return {"type": "FeatureCollection", **members, "features": list(features)}


def encode(layer: dict) -> bytes:
    """The compact UTF-8 text of a layer."""
    return json.dumps(layer, ensure_ascii=False, separators=(",", ":")).encode()


def response(layer: dict) -> HttpResponse:
    return HttpResponse(encode(layer), content_type="application/geo+json")
