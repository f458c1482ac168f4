"""The survey links that carry no secret of their own: signed values.

The exit QR code of a slot and the class links of a class booking are the slot's or
the booking's id signed with the site's secret, so they cannot be guessed from another
id, stay the same however often the page is printed, and need no stored row. A
visitor's own links use the booking's token, already a secret.

Each device keeps what it answered in a signed cookie per link (its response's
`respondent_key`), so answering again from the same phone changes its answers rather
than adding a response.
"""

import hashlib
import io

import segno
from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

from usines.surveys.models import Moment

EXIT_SALT = "usines.surveys.exit"
CLASS_SALT = "usines.surveys.class"
DEVICE_SALT = "usines.surveys.device"
BOOKING_SALT = "usines.surveys.booking"
BOOKING_COOKIE = "survey_booking"
COOKIE_DAYS = 180


def exit_token(slot_id: int) -> str:
    return signing.Signer(salt=EXIT_SALT).sign(str(slot_id))


def exit_slot_id(token: str) -> int | None:
    try:
        return int(signing.Signer(salt=EXIT_SALT).unsign(token))
    except (signing.BadSignature, ValueError):
        return None


def class_token(booking_id: int, moment: str) -> str:
    return signing.Signer(salt=CLASS_SALT).sign(f"{booking_id}-{moment}")


def class_link(token: str) -> tuple[int, str] | None:
    """The booking id and moment a class link stands for, or None if it was altered."""
    try:
        booking_id, moment = signing.Signer(salt=CLASS_SALT).unsign(token).split("-")
        if moment not in (Moment.BEFORE, Moment.AFTER):
            return None
        return int(booking_id), moment
    except (signing.BadSignature, ValueError):
        return None


def qr_svg(url: str, title: str) -> str:
    """A QR code of `url`, as inline SVG."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title=title
    )
    return buffer.getvalue().decode()


def _cookie_name(link: str) -> str:
    return "survey_" + hashlib.sha256(link.encode()).hexdigest()[:16]


def device_key(request: HttpRequest, link: str) -> str | None:
    """The respondent key this device answered `link` with, if it did."""
    return request.get_signed_cookie(_cookie_name(link), default=None, salt=DEVICE_SALT)


def remember_device(response: HttpResponse, link: str, respondent_key: str) -> None:
    response.set_signed_cookie(
        _cookie_name(link),
        respondent_key,
        salt=DEVICE_SALT,
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def device_booking_id(request: HttpRequest) -> int | None:
    """The booking whose survey this device answered last, so that the exit QR code
    of its slot counts the answer for it."""
    value = request.get_signed_cookie(BOOKING_COOKIE, default=None, salt=BOOKING_SALT)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def remember_booking(response: HttpResponse, booking_id: int) -> None:
    response.set_signed_cookie(
        BOOKING_COOKIE,
        str(booking_id),
        salt=BOOKING_SALT,
        max_age=COOKIE_DAYS * 86400,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
