"""`manage.py check`: a PMTiles basemap needs its file."""

from django.conf import settings
from django.core.checks import Warning, register

from usines.ui.basemap import pmtiles_max_zoom


@register()
def pmtiles_basemap_readable(app_configs, **kwargs) -> list[Warning]:
    if settings.MAP_BASEMAP != "pmtiles" or pmtiles_max_zoom(settings.MAP_PMTILES_PATH) is not None:
        return []
    return [
        Warning(
            f"MAP_BASEMAP is pmtiles but {settings.MAP_PMTILES_PATH} is missing or is not a "
            "vector PMTiles (version 3) file: the maps draw the outlines only.",
            hint="Set MAP_PMTILES_PATH to the file (README, “Maps”) or MAP_BASEMAP to osm or none.",
            id="usines.ui.W001",
        )
    ]
