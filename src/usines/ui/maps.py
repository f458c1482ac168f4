"""The settings of the map drawn by static/js/map.js, shared by every page with a map."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _


def map_settings(**values) -> dict:
    """What static/js/map.js needs, passed to it as JSON."""
    place = values.pop("place", None)
    return {
        **values,
        "near": [place.latitude, place.longitude] if place else None,
        "departments": static("geo/departements.geojson"),
        "regions": static("geo/regions.geojson"),
        "site_url": reverse("web:site", args=[0]),
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "labels": {
            "search_area": _("Search this area"),
            "see": _("See the visit"),
            "left": _("places left"),
            "full": _("Full – waiting list open"),
            "map": _("Map of the visits"),
            "pin": _("Drag the pin onto the factory's entrance"),
        },
    }
