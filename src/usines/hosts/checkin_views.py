"""The day itself: checking visitors in from a phone. A page that works without
JavaScript (typed code, name search, walk-ins, undo) and the small JSON endpoints
that static/js/checkin.js calls, replaying its queue when the network returns.

Every answer, on the page's banner or in JSON, is one payload: the outcome, a
sentence, and what the host may do next (`undo` after an arrival is recorded,
`force` when the page's day is not today)."""

import json
import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from usines import limits
from usines.bookings.checkin import (
    Outcome,
    attendance,
    check_in,
    find_at_gate,
    is_visit_day,
    latest_at_gate,
    record_walk_ins,
    undo_check_in,
    undo_walk_ins,
    walk_in_categories,
)
from usines.bookings.exceptions import NotTheVisitDay
from usines.bookings.gate import gate_slots
from usines.bookings.models import Booking, BookingStatus, WalkInCategory
from usines.factories.models import Participation
from usines.hosts.access import participation_or_404

# Every booking of a site's day goes to the phone for the offline name search; no
# site's day holds more (capacity is at most 500 places a slot), this only bounds it.
ROSTER_LIMIT = 3000
CHOOSE_WALK_INS = gettext_lazy("Choose who came and how many (1 to 500).")


def _checkin_context(request: HttpRequest, site_id: int, day_id: int):
    """The site's participation and one of the days its visit has open slots on."""
    participation = participation_or_404(request, site_id)
    days = participation.edition.days.filter(
        slots__visit__participation=participation, slots__is_cancelled=False
    ).distinct()
    return participation, get_object_or_404(days, pk=day_id)


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


def _hour(moment) -> str:
    return time_format(timezone.localtime(moment), "H:i") if moment else ""


def _roster(participation: Participation, day) -> list[dict]:
    """The day's bookings as the phone's offline name search reads them."""
    bookings = (
        Booking.objects.filter(
            slot__visit__participation=participation,
            slot__day=day,
            status=BookingStatus.CONFIRMED,
        )
        .order_by("name", "pk")
        .values_list("checkin_code", "name", "party_size", "slot__starts_at", "checked_in_at")
    )
    return [
        {
            "code": code,
            "name": name,
            "detail": _places_and_slot(places, start),
            "at": _hour(at),
        }
        for code, name, places, start, at in bookings[:ROSTER_LIMIT]
    ]


def _places_and_slot(places: int, start) -> str:
    return ngettext("%(n)s place", "%(n)s places", places) % {"n": places} + f" · {_hour(start)}"


@login_required
@require_GET
def checkin_page(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    query = request.GET.get("q", "").strip()[:100]
    categories = walk_in_categories(day)
    base = reverse("hosts:checkin", args=[participation.site_id, day.pk])
    return render(
        request,
        "hosts/checkin.html",
        {
            "participation": participation,
            "site": participation.site,
            "day": day,
            "is_today": is_visit_day(day),
            "counts": _counts(participation, day),
            "categories": [
                (value, label) for value, label in WalkInCategory.choices if value in categories
            ],
            "query": query,
            "found": find_at_gate(participation, day, query),
            "latest": latest_at_gate(participation, day),
            "result": request.session.pop("checkin_result", None),
            "classes": Booking.objects.filter(
                slot__visit__participation=participation,
                slot__day=day,
                status=BookingStatus.CONFIRMED,
                class_group__isnull=False,
            )
            .select_related("slot")
            .order_by("slot__starts_at", "name"),
            "roster": _roster(participation, day),
            "gate_slots": gate_slots(participation, day),
            "endpoints": {
                "checkin": base + "api/checkin",
                "walkins": base + "api/walkins",
                "undo": base + "api/undo",
                "counts": base + "api/counts",
            },
            "labels": {
                "offline": _(
                    "No network: saved on this phone, sent as soon as the network is back."
                ),
                "pending": _("Waiting to be sent:"),
                "sent": _("Everything is sent."),
                "camera": _("The camera cannot be opened: type the code."),
                "undo": _("Undo"),
                "checkin": _("Check in"),
                "checkin_anyway": _("Check in anyway"),
                "record_anyway": _("Record anyway"),
                "dropped": _("Removed from this phone before it was sent: nothing is counted."),
                "no_match": _("No booking of this day has this name."),
            },
        },
    )


# --- What the host reads after each action --------------------------------------------


def _checkin_payload(result) -> dict:
    booking = result.booking
    payload = {"outcome": result.outcome}
    if booking is not None:
        payload["name"] = booking.name
        payload["places"] = booking.party_size
        payload["slot"] = _hour(booking.slot.starts_at)
        payload["code"] = booking.checkin_code
    if result.checked_in_at is not None:
        payload["at"] = _hour(result.checked_in_at)
    messages_by_outcome = {
        Outcome.WELCOME: _("Welcome! %(places)s places, slot of %(slot)s."),
        Outcome.ALREADY: _("Already checked in at %(at)s."),
        Outcome.NOT_TODAY: _(
            "Not recorded: this page is for %(day)s and today is %(today)s. "
            "Check in anyway only if this visitor really came."
        ),
        Outcome.WRONG_DAY: _("Wrong day: this ticket is for another day."),
        Outcome.WRONG_SITE: _("Wrong site: this ticket is for another factory."),
        Outcome.CANCELLED: _("This booking was cancelled."),
        Outcome.UNKNOWN: _("Unknown code: check it or search by name."),
        Outcome.UNDONE: _("Arrival undone: no longer counted as present."),
        Outcome.NOT_CHECKED_IN: _("This ticket was not checked in: nothing to undo."),
        Outcome.GIVEN_AWAY: _(
            "Too late: this booking's places were released and someone else took them."
        ),
    }
    payload["message"] = messages_by_outcome[result.outcome] % {
        "places": payload.get("places", ""),
        "slot": payload.get("slot", ""),
        "at": payload.get("at", ""),
        "day": date_format(booking.slot.day.date, "l j F") if booking else "",
        "today": date_format(timezone.localdate(), "l j F"),
    }
    if result.outcome == Outcome.WELCOME:
        payload["undo"] = {"kind": "checkin", "code": booking.checkin_code}
    elif result.outcome == Outcome.NOT_TODAY:
        payload["force"] = {"kind": "checkin", "code": booking.checkin_code}
    return payload


def _walk_in_words(category: str, count: int) -> dict:
    return {"count": count, "who": str(WalkInCategory(category).label)}


def _walk_in_payload(walk_in) -> dict:
    return {
        "outcome": "walk_in",
        "line": _("%(who)s without a booking: %(n)s")
        % {"who": WalkInCategory(walk_in.category).label, "n": walk_in.count},
        "message": ngettext(
            "%(count)s walk-in recorded: %(who)s.",
            "%(count)s walk-ins recorded: %(who)s.",
            walk_in.count,
        )
        % _walk_in_words(walk_in.category, walk_in.count),
        "undo": {"kind": "walkin", "client_key": walk_in.client_key},
    }


def _walk_in_refused(error: NotTheVisitDay, category: str, count: int, key: str) -> dict:
    return {
        "outcome": Outcome.NOT_TODAY,
        "message": str(error.message),
        "force": {"kind": "walkin", "category": category, "count": count, "client_key": key},
    }


def _undo(participation: Participation, day, data) -> dict:
    """Undo a check-in (by its code) or a walk-in record (by its key)."""
    if data.get("kind") == "walkin":
        walk_in = undo_walk_ins(participation, str(data.get("client_key", ""))[:64])
        if walk_in is None:
            return {"outcome": Outcome.NOT_CHECKED_IN, "message": _("Nothing to undo.")}
        return {
            "outcome": Outcome.UNDONE,
            "message": ngettext(
                "%(count)s walk-in removed: %(who)s.",
                "%(count)s walk-ins removed: %(who)s.",
                walk_in.count,
            )
            % _walk_in_words(walk_in.category, walk_in.count),
            "client_key": walk_in.client_key,
        }
    return _checkin_payload(undo_check_in(participation, day, str(data.get("code", ""))))


def _forced(data) -> bool:
    return str(data.get("force", "")).lower() in ("1", "true", "on")


def _gate_moment(data):
    """When a phone's queued action was taken (ISO 8601), or None."""
    try:
        return parse_datetime(str(data.get("at", "")))
    except ValueError:
        return None


# --- Without JavaScript: forms, then the page again with the banner ----------------


@login_required
@require_POST
def checkin_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """The typed-code and name-search form, without JavaScript."""
    participation, day = _checkin_context(request, site_id, day_id)
    limits.check(request, limits.CHECKIN_BY_ACCOUNT, value=str(request.user.pk))
    result = check_in(
        participation,
        day,
        request.POST.get("code", ""),
        request.user,
        force=_forced(request.POST),
    )
    request.session["checkin_result"] = _checkin_payload(result)
    return redirect("hosts:checkin", site_id=site_id, day_id=day_id)


@login_required
@require_POST
def walkins_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    category = request.POST.get("category", "")
    key = request.POST.get("client_key", "")[:64] or uuid.uuid4().hex
    try:
        count = int(request.POST.get("count", "0"))
        walk_in = record_walk_ins(
            participation, day, category, count, key, request.user, force=_forced(request.POST)
        )
    except (ValueError, OverflowError):
        payload = {"outcome": "invalid", "message": str(CHOOSE_WALK_INS)}
    except NotTheVisitDay as error:
        payload = _walk_in_refused(error, category, count, key)
    else:
        payload = _walk_in_payload(walk_in)
    request.session["checkin_result"] = payload
    return redirect("hosts:checkin", site_id=site_id, day_id=day_id)


@login_required
@require_POST
def undo_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    limits.check(request, limits.CHECKIN_BY_ACCOUNT, value=str(request.user.pk))
    request.session["checkin_result"] = _undo(participation, day, request.POST)
    return redirect("hosts:checkin", site_id=site_id, day_id=day_id)


# --- With JavaScript: the phone's queue sends JSON ------------------------------------


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
    data = _json_body(request)
    result = check_in(
        participation,
        day,
        str(data.get("code", "")),
        request.user,
        force=_forced(data),
        at=_gate_moment(data),
    )
    return JsonResponse({**_checkin_payload(result), "counts": _counts(participation, day)})


@login_required
@require_POST
def walkins_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    data = _json_body(request)
    category = str(data.get("category", ""))
    try:
        count = int(data.get("count", 0))
        key = str(data.get("client_key", ""))[:64]
        if len(key) < 8:
            raise ValueError(key)
        walk_in = record_walk_ins(
            participation,
            day,
            category,
            count,
            key,
            request.user,
            force=_forced(data),
            at=_gate_moment(data),
        )
    except (TypeError, ValueError, OverflowError):  # 1e400 is infinite: no whole number
        message = str(CHOOSE_WALK_INS)
        return JsonResponse(
            {"outcome": "invalid", "message": message, "detail": message}, status=422
        )
    except NotTheVisitDay as error:
        refusal = _walk_in_refused(error, category, count, key)
        return JsonResponse({**refusal, "counts": _counts(participation, day)}, status=409)
    return JsonResponse(
        {**_walk_in_payload(walk_in), "ok": True, "counts": _counts(participation, day)}
    )


@login_required
@require_POST
def undo_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    limits.check(request, limits.CHECKIN_BY_ACCOUNT, value=str(request.user.pk))
    payload = _undo(participation, day, _json_body(request))
    return JsonResponse({**payload, "counts": _counts(participation, day)})


@login_required
@require_GET
def counts_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    return JsonResponse({"counts": _counts(participation, day)})
