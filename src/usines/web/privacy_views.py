"""The personal data page, and a visitor's copy and deletion of their data.

The page is drawn from `privacy.registry` (what is stored, read from the models;
how long, from the settings the purge obeys). A visitor reaches their copy and the
deletion from a booking's private link (that booking) or from "My bookings" (every
booking of the address the browser's session opened); both are private pages
(`/reservation/`, `/mes-reservations/`: never stored by a cache).
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from usines.bookings.consent import CLASS, TEXTS, VISITOR
from usines.bookings.models import WITH_VISIT, Booking, WaitlistEntry
from usines.privacy import copies, registry, services
from usines.web.my_bookings import SESSION_KEY, session_email


def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/privacy/page.html",
        {
            "kinds": registry.REGISTRY,
            "months": settings.PERSONAL_DATA_MONTHS,
            "visitor_consent": TEXTS[VISITOR],
            "class_consent": TEXTS[CLASS],
        },
    )


def _booking_scope(token: str) -> tuple[Booking, QuerySet[Booking], QuerySet[WaitlistEntry]]:
    """A booking's private link reaches that booking and the waiting-list entry it came
    from (a ticket may have been forwarded: not the address's other bookings)."""
    booking = get_object_or_404(
        Booking.objects.select_related(*WITH_VISIT),
        token=token,
        class_group__isnull=True,
        anonymised_at__isnull=True,
    )
    bookings = Booking.objects.filter(pk=booking.pk).select_related(*WITH_VISIT)
    entries = WaitlistEntry.objects.filter(booking=booking).select_related(*WITH_VISIT)
    return booking, bookings, entries


def _download(copy: dict) -> HttpResponse:
    response = HttpResponse(
        json.dumps(copy, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="mes-donnees-usines-ouvertes.json"'
    return response


def booking_data(request: HttpRequest, token: str) -> HttpResponse:
    booking, bookings, entries = _booking_scope(token)
    copy = copies.visitor_copy(bookings, entries)
    if request.GET.get("format") == "json":
        return _download(copy)
    return render(request, "web/privacy/copy.html", {"copy": copy, "booking": booking})


@require_http_methods(["GET", "POST"])
def booking_delete(request: HttpRequest, token: str) -> HttpResponse:
    booking, bookings, entries = _booking_scope(token)
    if request.method == "POST":
        deletion = services.delete_visitor_data(bookings, entries)
        return render(request, "web/privacy/deleted.html", {"deletion": deletion})
    return render(
        request,
        "web/privacy/confirm_delete.html",
        {"copy": copies.visitor_copy(bookings, entries), "booking": booking},
    )


def _session_scope(request: HttpRequest):
    email = session_email(request)
    if email is None:
        return None, None, None
    return email, copies.visitor_bookings(email), copies.visitor_entries(email)


def my_data(request: HttpRequest) -> HttpResponse:
    email, bookings, entries = _session_scope(request)
    if email is None:
        return redirect("web:my_bookings_request")
    copy = copies.visitor_copy(bookings, entries, email=email)
    if request.GET.get("format") == "json":
        return _download(copy)
    return render(request, "web/privacy/copy.html", {"copy": copy, "email": email})


@require_http_methods(["GET", "POST"])
def my_data_delete(request: HttpRequest) -> HttpResponse:
    email, bookings, entries = _session_scope(request)
    if email is None:
        return redirect("web:my_bookings_request")
    if request.method == "POST":
        deletion = services.delete_visitor_data(bookings, entries, email=email)
        request.session.pop(SESSION_KEY, None)  # nothing left to list
        return render(request, "web/privacy/deleted.html", {"deletion": deletion})
    return render(
        request,
        "web/privacy/confirm_delete.html",
        {"copy": copies.visitor_copy(bookings, entries, email=email), "email": email},
    )
