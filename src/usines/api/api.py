"""The public read API and the booking endpoints, calling the same services as the site.

Errors always answer `{"code", "detail", "errors"}` in the caller's language
(Accept-Language): 404 unknown, 409 refused by a booking rule, 422 invalid input.
"""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, ValidationError
from ninja.pagination import PageNumberPagination, paginate

from usines.api.schemas import (
    BookingIn,
    BookingOut,
    EditionSchema,
    ErrorOut,
    SiteDetailSchema,
    SiteSchema,
    SlotSchema,
)
from usines.bookings import services
from usines.bookings.exceptions import BookingError
from usines.bookings.models import Booking
from usines.editions.models import Edition
from usines.factories.filters import VisitFilter
from usines.factories.models import Participation, Slot
from usines.factories.queries import edition_counters, published_participations
from usines.web.forms import ContactForm

api = NinjaAPI(
    title="Usines Ouvertes API",
    version="1",
    description="Open factory days: the current edition, its published sites and slots, bookings.",
    urls_namespace="api",
)


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str, errors: dict | None = None):
        self.status, self.code, self.detail, self.errors = status, code, detail, errors or {}


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
        if item.get("type") == "missing":
            message = _("This field is required.")
        elif item.get("type", "").startswith("int"):
            message = _("Enter a whole number.")
        else:
            message = _("Enter a valid value.")
        errors.setdefault(field, []).append(message)
    return api.create_response(
        request,
        {"code": "invalid", "detail": _("Some fields need fixing."), "errors": errors},
        status=422,
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, error: HttpError):
    return api.create_response(
        request, {"code": "error", "detail": str(error), "errors": {}}, status=error.status_code
    )


def _current_edition() -> Edition:
    edition = Edition.objects.current()
    if edition is None:
        raise ApiError(404, "no_edition", _("No edition is published yet."))
    return edition


def _site_url(site_id: int) -> str:
    return settings.SITE_URL + reverse("web:site", args=[site_id])


def _site_row(participation: Participation) -> dict:
    site = participation.site
    return {
        "id": site.pk,
        "name": site.name,
        "commune": site.commune.name,
        "postcode": site.postcode,
        "department": site.commune.department_id,
        "region": site.commune.department.region_id,
        "naf": site.naf_id,
        "sector": site.naf.division.label,
        "headcount_band": site.headcount_band,
        "lat": site.latitude,
        "lon": site.longitude,
        "visit_title": participation.visit.title,
        "places_left": participation.places_left,
        "url": _site_url(site.pk),
    }


def _booking_out(booking: Booking) -> dict:
    return {
        "token": booking.token,
        "status": booking.status,
        "slot": booking.slot_id,
        "site": booking.slot.visit.participation.site_id,
        "site_name": booking.slot.visit.participation.site.name,
        "start": booking.slot.starts_at,
        "party_size": booking.party_size,
        "name": booking.name,
        "email": booking.email,
        "checkin_code": booking.checkin_code,
        "url": settings.SITE_URL + reverse("web:booking", args=[booking.token]),
    }


def _load_booking(token: str) -> Booking:
    booking = (
        Booking.objects.select_related("slot__visit__participation__site")
        .filter(token=token)
        .first()
    )
    if booking is None:
        raise ApiError(404, "not_found", _("No booking has this link."))
    return booking


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


class SiteFilters(Schema):
    region: str | None = None
    department: str | None = None
    day: date | None = None
    audience: str | None = None
    sector: str | None = None
    q: str | None = None


@api.get("/sites", response={200: list[SiteSchema], 404: ErrorOut, 422: ErrorOut}, tags=["sites"])
@paginate(PageNumberPagination, page_size=50, max_page_size=200)
def list_sites(request: HttpRequest, filters: Query[SiteFilters]):
    """Published sites of the current edition, filtered by region, department (codes),
    day (YYYY-MM-DD), audience (school, public), sector (NAF division) and text."""
    edition = _current_edition()
    params = QueryDict(mutable=True)
    for name, value in filters.dict(exclude_none=True).items():
        params[name] = value
    if filters.day:
        day = edition.days.filter(date=filters.day).first()
        if day is None:
            raise ApiError(
                422,
                "invalid",
                _("Some fields need fixing."),
                {"day": [_("This edition has no such day.")]},
            )
        params["day"] = str(day.pk)
    visit_filter = VisitFilter(params, queryset=published_participations(edition), edition=edition)
    if not visit_filter.is_valid():
        raise ApiError(
            422,
            "invalid",
            _("Some fields need fixing."),
            {key: list(value) for key, value in visit_filter.errors.items()},
        )
    return [_site_row(participation) for participation in visit_filter.qs]


def _published(site_id: int) -> Participation:
    participation = published_participations(_current_edition()).filter(site_id=site_id).first()
    if participation is None:
        raise ApiError(404, "not_found", _("No published site has this id."))
    return participation


@api.get("/sites/{site_id}", response={200: SiteDetailSchema, 404: ErrorOut}, tags=["sites"])
def site_detail(request: HttpRequest, site_id: int):
    participation = _published(site_id)
    visit = participation.visit
    return {
        **_site_row(participation),
        "address": participation.site.address,
        "description": participation.site.description,
        "visit_description": visit.description,
        "minimum_age": visit.minimum_age,
        "rules": visit.rules,
        "duration_minutes": visit.duration_minutes,
    }


@api.get("/sites/{site_id}/slots", response={200: list[SlotSchema], 404: ErrorOut}, tags=["sites"])
@paginate(PageNumberPagination, page_size=100, max_page_size=200)
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


@api.post(
    "/bookings",
    response={201: BookingOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    tags=["bookings"],
)
def create_booking(request: HttpRequest, response: HttpResponse, payload: BookingIn):
    """Book places. The same `idempotency_key` again returns the first booking (201,
    header `Idempotent-Replayed: true`) and never makes a second one."""
    slot = (
        Slot.objects.select_related("day__edition", "visit__participation")
        .filter(pk=payload.slot)
        .first()
    )
    if slot is None:
        raise ApiError(
            422, "invalid", _("Some fields need fixing."), {"slot": [_("No slot has this id.")]}
        )
    form = ContactForm({**payload.dict(), "consent": True}, slot=slot)
    if not form.is_valid():
        raise ApiError(
            422,
            "invalid",
            _("Some fields need fixing."),
            {key: list(value) for key, value in form.errors.items()},
        )
    try:
        result = services.book_visit(
            slot.pk,
            form.cleaned_data["party_size"],
            form.contact(get_language()),
            idempotency_key=form.cleaned_data["idempotency_key"] or None,
        )
    except BookingError as error:
        raise ApiError(409, error.code, str(error.message)) from error
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    booking = _load_booking(result.booking.token)
    return Status(201, _booking_out(booking))


@api.get("/bookings/{token}", response={200: BookingOut, 404: ErrorOut}, tags=["bookings"])
def get_booking(request: HttpRequest, token: str):
    return _booking_out(_load_booking(token))


@api.delete(
    "/bookings/{token}", response={200: BookingOut, 404: ErrorOut, 409: ErrorOut}, tags=["bookings"]
)
def cancel_booking(request: HttpRequest, token: str):
    """Cancel a booking; its places go back to the slot at once."""
    _load_booking(token)
    try:
        services.cancel_booking(token)
    except BookingError as error:
        raise ApiError(409, error.code, str(error.message)) from error
    return _booking_out(_load_booking(token))
