"""The day itself: checking visitors in from a phone. A page that works without
JavaScript (typed code, name search, walk-ins) and the small JSON endpoints that
static/js/checkin.js calls, replaying its queue when the network returns."""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from usines import limits
from usines.bookings.checkin import Outcome, attendance, check_in, record_walk_ins
from usines.bookings.models import Booking, BookingStatus, WalkInCategory
from usines.factories.models import Participation
from usines.hosts.access import participation_or_404


def _checkin_context(request: HttpRequest, site_id: int, day_id: int):
    participation = participation_or_404(request, site_id)
    day = get_object_or_404(participation.edition.days, pk=day_id)
    return participation, day


def _counts(participation: Participation, day) -> dict:
    figures = attendance(Participation.objects.filter(pk=participation.pk), day)
    return {
        "booked": figures.booked,
        "arrived": figures.present,
        "walk_ins": figures.walk_ins_total,
        "by_category": {code: figures.walk_ins.get(code, 0) for code in WalkInCategory.values},
        "school": figures.school_present,
        "public": figures.public_present,
        "total": figures.total_present,
    }


@login_required
def checkin_page(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    query = request.GET.get("q", "").strip()
    found = []
    if len(query) >= 2:
        found = (
            Booking.objects.filter(
                slot__visit__participation=participation,
                slot__day=day,
                status=BookingStatus.CONFIRMED,
                name__icontains=query,
            )
            .select_related("slot")
            .order_by("name")[:20]
        )
    base = reverse("hosts:checkin", args=[participation.site_id, day.pk])
    return render(
        request,
        "hosts/checkin.html",
        {
            "participation": participation,
            "site": participation.site,
            "day": day,
            "counts": _counts(participation, day),
            "categories": WalkInCategory.choices,
            "query": query,
            "found": found,
            "result": request.session.pop("checkin_result", None),
            "classes": Booking.objects.filter(
                slot__visit__participation=participation,
                slot__day=day,
                status=BookingStatus.CONFIRMED,
                class_group__isnull=False,
            )
            .select_related("slot")
            .order_by("slot__starts_at", "name"),
            "endpoints": {
                "checkin": base + "api/checkin",
                "walkins": base + "api/walkins",
                "counts": base + "api/counts",
            },
            "labels": {
                "offline": _(
                    "No network: saved on this phone, sent as soon as the network is back."
                ),
                "pending": _("Waiting to be sent:"),
                "sent": _("Everything is sent."),
                "camera": _("The camera cannot be opened: type the code."),
            },
        },
    )


def _result_payload(result) -> dict:
    booking = result.booking
    payload = {"outcome": result.outcome}
    if booking is not None:
        payload["name"] = booking.name
        payload["places"] = booking.party_size
        payload["slot"] = time_format(timezone.localtime(booking.slot.starts_at), "H:i")
    if result.checked_in_at is not None:
        payload["at"] = time_format(timezone.localtime(result.checked_in_at), "H:i")
    messages_by_outcome = {
        Outcome.WELCOME: _("Welcome! %(places)s places, slot of %(slot)s."),
        Outcome.ALREADY: _("Already checked in at %(at)s."),
        Outcome.WRONG_DAY: _("Wrong day: this ticket is for another day."),
        Outcome.WRONG_SITE: _("Wrong site: this ticket is for another factory."),
        Outcome.CANCELLED: _("This booking was cancelled."),
        Outcome.UNKNOWN: _("Unknown code: check it or search by name."),
    }
    payload["message"] = messages_by_outcome[result.outcome] % {
        "places": payload.get("places", ""),
        "slot": payload.get("slot", ""),
        "at": payload.get("at", ""),
    }
    return payload


@login_required
@require_POST
def checkin_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """The typed-code and name-search form, without JavaScript."""
    participation, day = _checkin_context(request, site_id, day_id)
    limits.check(request, limits.CHECKIN_BY_ACCOUNT, value=str(request.user.pk))
    result = check_in(participation, day, request.POST.get("code", ""), request.user)
    request.session["checkin_result"] = _result_payload(result)
    return redirect("hosts:checkin", site_id=site_id, day_id=day_id)


@login_required
@require_POST
def walkins_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    try:
        record_walk_ins(
            participation,
            day,
            request.POST.get("category", ""),
            int(request.POST.get("count", "0")),
            request.POST.get("client_key", "")[:64] or uuid.uuid4().hex,
            request.user,
        )
    except ValueError:
        messages.error(request, _("Choose who came and how many (1 to 500)."))
    else:
        messages.success(request, _("Walk-ins recorded."))
    return redirect("hosts:checkin", site_id=site_id, day_id=day_id)


def _json_body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@login_required
@require_POST
def checkin_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    limits.check(request, limits.CHECKIN_BY_ACCOUNT, value=str(request.user.pk))
    result = check_in(participation, day, str(_json_body(request).get("code", "")), request.user)
    return JsonResponse({**_result_payload(result), "counts": _counts(participation, day)})


@login_required
@require_POST
def walkins_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    data = _json_body(request)
    try:
        count = int(data.get("count", 0))
        key = str(data.get("client_key", ""))[:64]
        if len(key) < 8:
            raise ValueError(key)
        record_walk_ins(participation, day, str(data.get("category", "")), count, key, request.user)
    except (TypeError, ValueError, OverflowError):  # 1e400 is infinite: no whole number
        return JsonResponse({"detail": _("Choose who came and how many (1 to 500).")}, status=422)
    return JsonResponse({"ok": True, "counts": _counts(participation, day)})


@login_required
@require_GET
def counts_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    return JsonResponse({"counts": _counts(participation, day)})
