"""The booking operations of the API: book, read and cancel with the booking's
private token; the same services and the same input validation as the pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from ninja import Router, Status

from usines import limits
from usines.api.errors import ApiError
from usines.api.schemas import BookingIn, BookingOut, ConsentOut, ErrorOut
from usines.ballots.exceptions import BallotOpen
from usines.ballots.queries import pending_ballot_id
from usines.bookings import consent, rules, services
from usines.bookings.exceptions import BookingError
from usines.bookings.forms import BookingInput
from usines.bookings.models import Booking
from usines.factories.models import Slot
from usines.mailinglist.models import Source
from usines.mailinglist.services import request_subscription

router = Router()

CONSENT_REQUIRED = gettext_lazy(
    'Consent is required: send "consent": true once the person booking has agreed to the '
    "consent text (GET /api/v1/consent) and confirmed they are 15 or over."
)


def consent_refused() -> ApiError:
    return ApiError(
        422, "consent_required", str(CONSENT_REQUIRED), {"consent": [str(CONSENT_REQUIRED)]}
    )


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


@router.post(
    "/bookings",
    response={
        201: BookingOut,
        400: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
        429: ErrorOut,
    },
    tags=["bookings"],
)
def create_booking(request: HttpRequest, response: HttpResponse, payload: BookingIn):
    """Book places. The same `idempotency_key` again returns the first booking (201,
    header `Idempotent-Replayed: true`) and never makes a second one. Too many
    bookings from one address or for one e-mail answer 429 with `Retry-After`."""
    limits.check(request, limits.BOOKING_BY_ADDRESS)
    try:
        slot = rules.slot_facts(payload.slot)
    except Slot.DoesNotExist:
        raise ApiError(
            422, "invalid", _("Some fields need fixing."), {"slot": [_("No slot has this id.")]}
        ) from None
    if payload.consent is not True:
        raise consent_refused()
    if pending_ballot_id(slot) is not None:
        raise ApiError(409, BallotOpen.code, str(BallotOpen.message))
    form = BookingInput(payload.model_dump(), slot=slot)
    if not form.is_valid():
        raise ApiError(
            422,
            "invalid",
            _("Some fields need fixing."),
            {key: list(value) for key, value in form.errors.items()},
        )
    limits.check(request, limits.BOOKING_BY_EMAIL, value=form.cleaned_data["email"])
    try:
        result = services.book_visit(
            slot,
            form.cleaned_data["party_size"],
            form.contact(get_language()),
            idempotency_key=form.cleaned_data["idempotency_key"] or None,
        )
    except BookingError as error:
        raise ApiError(409, error.code, str(error.message)) from error
    if result.created:  # the new booking holds the slot read above, with its site
        if form.cleaned_data["next_edition_news"]:
            request_subscription(form.cleaned_data["email"], get_language(), Source.BOOKING)
        return Status(201, _booking_out(result.booking))
    response["Idempotent-Replayed"] = "true"
    return Status(201, _booking_out(_load_booking(result.booking.token)))


@router.get("/consent", response={200: ConsentOut}, tags=["bookings"])
def consent_text(request: HttpRequest):
    """The text a person agrees to before `POST /bookings` with `consent: true`; the
    booking keeps its version."""
    return {
        "version": consent.VISITOR,
        "text": str(consent.TEXTS[consent.VISITOR]),
        "privacy_url": settings.SITE_URL + reverse("web:privacy"),
    }


@router.get("/bookings/{token}", response={200: BookingOut, 404: ErrorOut}, tags=["bookings"])
def get_booking(request: HttpRequest, token: str):
    return _booking_out(_load_booking(token))


@router.delete(
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
