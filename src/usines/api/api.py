"""The public read API and the booking endpoints, calling the same services as the site.

Errors always answer `{"code", "detail", "errors"}` in the caller's language
(Accept-Language): 404 unknown, 409 refused by a booking rule, 422 invalid input.
"""

import gzip
import hashlib
from datetime import date

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate

from usines import geojson
from usines.api import bookings, kept
from usines.api.errors import MAX_ID, ApiError, Pages, invalid
from usines.api.middleware import error_answer
from usines.api.rows import SiteRows, near_answer, site_row
from usines.api.schemas import (
    CommuneSchema,
    EditionSchema,
    ErrorOut,
    SiteDetailSchema,
    SitePage,
    SlotSchema,
)
from usines.editions.models import Audience, Edition
from usines.factories.filters import VisitFilter
from usines.factories.kept import remembered
from usines.factories.models import Accessibility, Participation, Slot
from usines.factories.queries import (
    attach_next_slots,
    edition_counters,
    published_participations,
    sites_within,
    with_slot_figures,
)
from usines.limits import TooManyRequests
from usines.outreach.models import Network
from usines.reference.geo import DEFAULT_RADIUS_KM, RADII_KM, Place, resolve_place, suggest_communes
from usines.reference.models import JobCode, Sector, SizeGroup
from usines.schools.directory import search_schools
from usines.ui.shortcuts import current_edition_or_404

GEOJSON_MAX_AGE = 60


api = NinjaAPI(
    title="Usines Ouvertes API",
    version="1",
    description="Open factory days: the current edition, its published sites and slots, bookings.",
    urls_namespace="api",
)
api.add_router("", bookings.router)


@api.exception_handler(ApiError)
def on_api_error(request: HttpRequest, error: ApiError):
    return api.create_response(
        request,
        {"code": error.code, "detail": error.detail, "errors": error.errors},
        status=error.status,
    )


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, error: ValidationError):
    errors: dict[str, list[str]] = {}
    for item in error.errors:
        field = str(item["loc"][-1]) if item.get("loc") else "__all__"
        if field == "consent":
            message = str(bookings.CONSENT_REQUIRED)
        elif item.get("type") == "missing":
            message = _("This field is required.")
        elif item.get("type", "").startswith("int"):
            message = _("Enter a whole number.")
        else:
            message = _("Enter a valid value.")
        errors.setdefault(field, []).append(message)
    if set(errors) == {"consent"}:
        refused = bookings.consent_refused()
        return on_api_error(request, refused)
    return api.create_response(
        request,
        {"code": "invalid", "detail": _("Some fields need fixing."), "errors": errors},
        status=422,
    )


@api.exception_handler(TooManyRequests)
def on_too_many_requests(request: HttpRequest, error: TooManyRequests):
    code, detail = error_answer(429)
    response = api.create_response(
        request, {"code": code, "detail": detail, "errors": {}}, status=429
    )
    response["Retry-After"] = str(error.retry_after)
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError):
    return api.create_response(
        request, {"code": "error", "detail": str(error), "errors": {}}, status=error.status_code
    )


def _current_edition() -> Edition:
    """The edition now open, as this process read it lately (see `kept`); only read
    here, never changed."""
    try:
        return remembered(kept.edition, "current", current_edition_or_404)
    except Http404 as error:
        raise ApiError(404, "no_edition", str(error)) from error


@api.get("/editions/current", response={200: EditionSchema, 404: ErrorOut}, tags=["editions"])
def current_edition(request: HttpRequest):
    """The edition now open, its days and its counters."""
    edition = _current_edition()
    counters = edition_counters(edition)
    return {
        "id": edition.pk,
        "name": edition.name,
        "year": edition.year,
        "days": list(edition.days.all()),
        "max_party_size": edition.max_party_size,
        "factories": counters.factories,
        "places_left": counters.places_left,
    }


def _choices(choices) -> str:
    return "One of: " + ", ".join(f"`{value}`" for value in choices.values)


class SiteFilters(Schema):
    near: str | None = Field(
        None, description="A postcode, a commune (`Cluses`, `Cluses (74)`) or `lat,lon`"
    )
    radius_km: int | None = Field(None, description="10, 25, 50 (default) or 100")
    day: date | None = Field(None, description="YYYY-MM-DD, a day of the edition")
    audience: str | None = Field(None, description=_choices(Audience))
    available: bool | None = Field(None, description="Only sites with places left")
    region: str | None = Field(None, description="Region code, e.g. 84")
    department: str | None = Field(None, description="Department code, e.g. 74")
    sector: str | None = Field(None, description=_choices(Sector))
    size: str | None = Field(None, description=_choices(SizeGroup))
    jobs: list[str] | None = Field(
        None, description="Any of these jobs, comma-separated or repeated: " + _choices(JobCode)
    )
    accessibility: list[str] | None = Field(
        None,
        description="All of these needs, comma-separated or repeated: " + _choices(Accessibility),
    )
    age: int | None = Field(None, ge=0, le=120, description="Age of the youngest visitor")
    q: str | None = Field(None, max_length=200, description="Words in name, products, place")
    bbox: str | None = Field(None, description="west,south,east,north in degrees")
    network: int | None = Field(
        None, ge=1, le=MAX_ID, description="A partner network's id: only the sites it brought in"
    )


def _filtered(edition: Edition, filters: SiteFilters, queryset=None) -> VisitFilter:
    """The site's VisitFilter fed with the API's parameters, validated."""
    params = QueryDict(mutable=True)
    for name, value in filters.dict(exclude_none=True).items():
        if name in ("jobs", "accessibility"):
            params.setlist(name, [code for item in value for code in item.split(",") if code])
        elif name == "radius_km":
            params["radius"] = str(value)
        elif name == "available":
            if value:
                params["available"] = "1"
        else:
            params[name] = str(value)
    if filters.day:
        day = edition.days.filter(date=filters.day).first()
        if day is None:
            raise invalid({"day": [_("This edition has no such day.")]})
        params["day"] = str(day.pk)
    if filters.network and not Network.objects.filter(pk=filters.network).exists():
        raise invalid({"network": [_("No partner network has this id.")]})
    visit_filter = VisitFilter(
        params,
        queryset=queryset if queryset is not None else published_participations(edition),
        edition=edition,
    )
    if not visit_filter.is_valid():
        errors = {key: list(value) for key, value in visit_filter.errors.items()}
        if "radius" in errors:
            errors["radius_km"] = errors.pop("radius")
        raise invalid(errors)
    return visit_filter


SITES_PER_PAGE = 50
MAX_SITES_PER_PAGE = 200


@api.get("/sites", response={200: SitePage, 404: ErrorOut, 422: ErrorOut}, tags=["sites"])
def list_sites(request: HttpRequest, filters: Query[SiteFilters], pages: Query[Pages.Input]):
    """Published sites of the current edition, nearest first when `near` is given (then
    each row has `distance_km`), else by name. Filters combine; see each parameter.
    Pages of `page_size` (50 by default, 200 at most)."""
    edition = _current_edition()
    size = min(pages.page_size or SITES_PER_PAGE, MAX_SITES_PER_PAGE)
    start = (pages.page - 1) * size
    if nearby := _only_near(filters):
        place, radius_km = nearby
        return near_answer(edition, sites_within(edition, place, radius_km), start, size)
    rows = SiteRows(_filtered(edition, filters).qs.prefetch_related("visit__jobs"))
    return {"items": rows[start : start + size], "count": len(rows)}


def _only_near(filters: SiteFilters) -> tuple[Place, int] | None:
    """The place and radius of a search by `near` alone (the opening crowd's near-me),
    when both are valid; None for any other search, answered through `VisitFilter`
    (which also words what is wrong)."""
    others = {
        name: value
        for name, value in filters.dict(exclude_none=True).items()
        if name not in ("near", "radius_km") and value not in (False, "", [])
    }
    radius_km = filters.radius_km or DEFAULT_RADIUS_KM
    if others or not filters.near or radius_km not in RADII_KM:
        return None
    place = resolve_place(filters.near, name_position=False)
    return None if place is None else (place, radius_km)


@api.get(
    "/sites.geojson",
    url_name="sites_geojson",
    response={200: dict, 304: None, 404: ErrorOut, 422: ErrorOut},
    tags=["sites"],
    openapi_extra={
        "responses": {
            200: {
                "description": "A GeoJSON FeatureCollection of points (to 4 decimals, about "
                "10 m); properties: id, name, commune, left (places left)",
                "content": {"application/geo+json": {}},
            }
        }
    },
)
def sites_geojson(request: HttpRequest, filters: Query[SiteFilters]):
    """Every published site matching the filters, as compact GeoJSON points for maps.

    Answers 304 to a matching `If-None-Match`, and gzip to clients that accept it."""
    edition = _current_edition()
    rows = (
        _filtered(edition, filters)
        .qs.order_by("site_id")
        .values_list(
            "site_id",
            "site__name",
            "site__commune__name",
            "site__latitude",
            "site__longitude",
            "places_left",
        )
    )
    features = [
        geojson.point(lat, lon, {"id": pk, "name": name, "commune": commune, "left": left})
        for pk, name, commune, lat, lon, left in rows
    ]
    body = geojson.encode(geojson.collection(features))
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/geo+json")
        if "gzip" in request.headers.get("Accept-Encoding", "") and len(body) > 200:
            response.content = gzip.compress(body, compresslevel=6)
            response["Content-Encoding"] = "gzip"
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={GEOJSON_MAX_AGE}"
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language"])
    return response


@api.get("/communes", response=list[CommuneSchema], tags=["reference"], url_name="communes")
def communes(request: HttpRequest, q: str = ""):
    """Up to 10 communes whose name (accents, hyphens and "St" forgiven) or postcode
    starts with `q`, most populous first: the autocomplete of "near me"."""
    return [
        {
            "insee_code": item.insee_code,
            "name": item.name,
            "department": item.department,
            "postcode": item.postcode,
            "label": item.label,
            "lat": item.latitude,
            "lon": item.longitude,
        }
        for item in suggest_communes(q)
    ]


def _published(site_id: int, next_slot: bool = False) -> Participation:
    """The published participation of a site, with its next slot when asked."""
    participation = None
    if 1 <= site_id <= MAX_ID:
        published = published_participations(_current_edition())
        if next_slot:
            published = with_slot_figures(published)
        participation = published.filter(site_id=site_id).first()
    if participation is None:
        raise ApiError(404, "not_found", _("No published site has this id."))
    return attach_next_slots([participation])[0] if next_slot else participation


@api.get(
    "/sites/{site_id}",
    response={200: SiteDetailSchema, 404: ErrorOut, 422: ErrorOut},
    tags=["sites"],
)
def site_detail(request: HttpRequest, site_id: int):
    participation = _published(site_id, next_slot=True)
    visit = participation.visit
    return {
        **site_row(participation),
        "address": participation.site.address,
        "description": participation.site.description,
        "visit_description": visit.description,
        "rules": visit.rules,
        "duration_minutes": visit.duration_minutes,
    }


@api.get(
    "/sites/{site_id}/slots",
    response={200: list[SlotSchema], 404: ErrorOut, 422: ErrorOut},
    tags=["sites"],
)
@paginate(Pages, page_size=100, max_page_size=200)
def site_slots(request: HttpRequest, site_id: int):
    participation = _published(site_id)
    slots = Slot.objects.filter(
        visit__participation=participation, is_cancelled=False
    ).select_related("day")
    return [
        {
            "id": slot.pk,
            "day": slot.day.date,
            "start": slot.starts_at,
            "end": slot.ends_at,
            "audience": slot.audience,
            "capacity": slot.capacity,
            "booked": slot.booked,
            "available": slot.available,
        }
        for slot in slots.order_by("starts_at")
    ]


class SchoolSchema(Schema):
    uai: str
    name: str
    city: str
    postcode: str
    label: str


@api.get("/schools", response=list[SchoolSchema], tags=["reference"], url_name="schools")
def schools(request: HttpRequest, q: str = ""):
    """Up to 10 schools of the directory whose UAI code starts with `q`, or whose name
    and commune hold every word of `q` (accents forgiven): the teacher's school picker."""
    return [
        {
            "uai": school.uai,
            "name": school.name,
            "city": school.city,
            "postcode": school.postcode,
            "label": f"{school.uai} – {school}",
        }
        for school in search_schools(q)
    ]
