"""The settings of the map drawn by static/js/map.js, shared by every page with a map."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from usines.ui.basemap import basemap_settings


def map_settings(**values) -> dict:
    """What static/js/map.js needs, passed to it as JSON.

    `place` (a searched place) gets a pin and the search radius; `marker` one point
    (with `zoom`, and `pin_inputs` to make it a pin the host drags); `focus`
    ("region:84", "department:74") or `fit_sites` choose what the map first shows.
    """
    place = values.pop("place", None)
    return {
        **values,
        "near": [place.latitude, place.longitude] if place else None,
        "near_label": place.label if place else "",
        "basemap": basemap_settings(),
        "departments": static("geo/departements.geojson"),
        "regions": static("geo/regions.geojson"),
        "towns": static("geo/towns.json"),
        # Leaflet guesses its images' folder from its style sheet, which fails once the
        # static files carry hashed names: every URL is given.
        "icons": {
            "iconUrl": static("vendor/leaflet/images/marker-icon.png"),
            "iconRetinaUrl": static("vendor/leaflet/images/marker-icon-2x.png"),
            "shadowUrl": static("vendor/leaflet/images/marker-shadow.png"),
        },
        "site_url": reverse("web:site", args=[0]),
        "labels": {
            "search_area": _("Search this area"),
            "see": _("See the visit"),
            "left": _("places left"),
            "full": _("Full – waiting list open"),
            "map": _("Map of the visits"),
            "pin": _("Drag the pin onto the factory's entrance"),
            "zoom_in": _("Zoom in"),
            "zoom_out": _("Zoom out"),
            "close": _("Close"),
            "booked": _("booked"),
            "fill": _("Fill rate of the sites here: %(percent)s"),
        },
    }
