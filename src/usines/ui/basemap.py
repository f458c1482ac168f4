"""The maps' basemap, chosen by MAP_BASEMAP, and the PMTiles file this app serves.

"osm": raster tiles that the visitor's browser reads from MAP_TILE_URL.
"pmtiles": a vector basemap read from one PMTiles file (MAP_PMTILES_PATH) that this
app serves by byte ranges, as the PMTiles reader asks for it: no third party.
"none": no basemap; the map draws the packaged outlines and town names.

A PMTiles basemap whose file is missing or unreadable falls back to "none" (and
`manage.py check` says so), so that a map never waits for tiles that cannot come.
"""

import functools
import struct
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from usines.ui.ranges import ByteRange, requested_range

# PMTiles version 3 starts with a 127-byte header: magic, version, eleven 8-byte
# offsets and counts, then one byte each: clustered, internal compression, tile
# compression, tile type (1 = Mapbox Vector Tiles), minimum and maximum zoom.
PMTILES_MAGIC = b"PMTiles"
PMTILES_HEADER = struct.Struct("<7sB88x6B")
VECTOR_TILES = 1
RASTER_MAX_ZOOM = 19
# How long a browser may reuse a piece of the basemap without asking again.
PMTILES_MAX_AGE = 3600
CHUNK = 64 * 1024


@functools.lru_cache(maxsize=4)
def _pmtiles_max_zoom(path: str, _modified: int, _size: int) -> int | None:
    with open(path, "rb") as file:
        header = file.read(PMTILES_HEADER.size)
    if len(header) < PMTILES_HEADER.size:
        return None
    magic, version, *_flags, tile_type, _min_zoom, max_zoom = PMTILES_HEADER.unpack(header)
    if magic != PMTILES_MAGIC or version != 3 or tile_type != VECTOR_TILES:
        return None
    return max_zoom


def pmtiles_max_zoom(path: Path) -> int | None:
    """The deepest zoom the PMTiles file holds, or None when it is missing or is not a
    vector PMTiles (version 3) file. Read once per version of the file."""
    try:
        stat = path.stat()
        return _pmtiles_max_zoom(str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return None


def osm_attribution() -> str:
    return _('© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors')


def basemap_settings() -> dict:
    """What static/js/map.js needs to draw the basemap MAP_BASEMAP names."""
    kind = settings.MAP_BASEMAP
    attribution = settings.MAP_TILE_ATTRIBUTION
    if kind == "osm":
        return {
            "kind": "osm",
            "url": settings.MAP_TILE_URL,
            "attribution": attribution or osm_attribution(),
            "max_zoom": RASTER_MAX_ZOOM,
        }
    if kind == "pmtiles":
        max_zoom = pmtiles_max_zoom(settings.MAP_PMTILES_PATH)
        if max_zoom is not None:
            return {
                "kind": "pmtiles",
                "url": reverse("basemap"),
                "attribution": attribution
                or '<a href="https://protomaps.com">Protomaps</a> ' + osm_attribution(),
                "max_data_zoom": max_zoom,
                "max_zoom": max(max_zoom + 3, 15),
                "lang": get_language() or settings.LANGUAGE_CODE,
            }
    return {"kind": "none"}


def _etag(stat) -> str:
    return quote_etag(f"{stat.st_size:x}-{stat.st_mtime_ns:x}")


def _read(path: Path, part: ByteRange):
    with open(path, "rb") as file:
        file.seek(part.start)
        left = part.length
        while left > 0:
            chunk = file.read(min(CHUNK, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk


@require_safe
def pmtiles_file(request: HttpRequest) -> HttpResponse:
    """The PMTiles basemap, whole or by one byte range (206 Partial Content), with an
    ETag so that the reader notices a replaced file. 404 unless MAP_BASEMAP is "pmtiles"."""
    path = settings.MAP_PMTILES_PATH
    if settings.MAP_BASEMAP != "pmtiles" or not path.is_file():
        raise Http404
    stat = path.stat()
    etag = _etag(stat)
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": etag,
        "Last-Modified": http_date(stat.st_mtime),
        "Cache-Control": f"public, max-age={PMTILES_MAX_AGE}",
    }
    if request.headers.get("If-None-Match") == etag:
        return HttpResponse(status=304, headers=headers)
    if_range = request.headers.get("If-Range")
    header = request.headers.get("Range", "") if if_range in (None, etag) else ""
    part = requested_range(header, stat.st_size)
    if part is None:
        return FileResponse(
            open(path, "rb"),  # noqa: SIM115 (FileResponse closes it)
            content_type="application/vnd.pmtiles",
            headers=headers,
        )
    if not part.satisfiable:
        headers["Content-Range"] = f"bytes */{stat.st_size}"
        return HttpResponse(status=416, headers=headers)
    headers["Content-Range"] = f"bytes {part.start}-{part.end}/{stat.st_size}"
    headers["Content-Length"] = str(part.length)
    return StreamingHttpResponse(
        _read(path, part), status=206, content_type="application/vnd.pmtiles", headers=headers
    )
