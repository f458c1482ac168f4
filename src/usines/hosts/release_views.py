"""The released places on the check-in page: a slot's release time, releasing the
unclaimed places now, letting in a short-notice party or people queueing at the gate.

Each is a form posted from the check-in page, calling one service of
bookings.release or bookings.gate, and back to the page with its outcome on the
banner (the same banner as a check-in)."""

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from usines import limits
from usines.bookings import gate, release
from usines.bookings.exceptions import BookingError
from usines.bookings.models import WalkInCategory
from usines.factories.models import Slot
from usines.hosts.checkin_views import CHOOSE_WALK_INS, _checkin_context

RELEASE_MINUTES_MAX = 240


def _back(request: HttpRequest, site_id: int, day_id: int, outcome: str, message: str):
    request.session["checkin_result"] = {"outcome": outcome, "message": message}
    return redirect("hosts:checkin", site_id=site_id, day_id=day_id)


def _slot(participation, day, request: HttpRequest) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("day__edition", "visit"),
        pk=request.POST.get("slot") if str(request.POST.get("slot", "")).isdigit() else 0,
        visit__participation=participation,
        day=day,
        is_cancelled=False,
    )


@login_required
@require_POST
def set_release_time(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """A slot's release time in minutes after its start; empty: never."""
    participation, day = _checkin_context(request, site_id, day_id)
    slot = _slot(participation, day, request)
    typed = request.POST.get("minutes", "").strip()
    if typed and not (typed.isdigit() and int(typed) <= RELEASE_MINUTES_MAX):
        return _back(
            request,
            site_id,
            day_id,
            "invalid",
            _("Type a number of minutes from 0 to %(max)s, or leave it empty for never.")
            % {"max": RELEASE_MINUTES_MAX},
        )
    release.set_release_minutes(slot, int(typed) if typed else None)
    if not typed:
        message = _("The places of this slot are never released.")
    else:
        message = ngettext(
            "Places not checked in are released %(n)s minute after the start.",
            "Places not checked in are released %(n)s minutes after the start.",
            int(typed),
        ) % {"n": int(typed)}
    return _back(request, site_id, day_id, "saved", message)


@login_required
@require_POST
def release_now(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """Release the slot's unclaimed places now, once its release time is past."""
    participation, day = _checkin_context(request, site_id, day_id)
    slot = _slot(participation, day, request)
    try:
        done = release.release_no_shows(slot, by_host=True)
    except BookingError as error:
        return _back(request, site_id, day_id, "invalid", str(error.message))
    message = ngettext("%(n)s place released.", "%(n)s places released.", done.places) % {
        "n": done.places
    }
    if done.offered:
        message += " " + ngettext(
            "%(n)s party waiting at short notice was told to come.",
            "%(n)s parties waiting at short notice were told to come.",
            len(done.offered),
        ) % {"n": len(done.offered)}
    return _back(request, site_id, day_id, "released", message)


@login_required
@require_POST
def admit_offer(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """A short-notice party offered released places reached the gate: let it in."""
    participation, day = _checkin_context(request, site_id, day_id)
    limits.check(request, limits.CHECKIN_BY_ACCOUNT, value=str(request.user.pk))
    entry_id = request.POST.get("entry", "")
    try:
        booking = gate.admit_offered(
            participation, int(entry_id) if entry_id.isdigit() else 0, request.user
        )
    except BookingError as error:
        return _back(request, site_id, day_id, "cancelled", str(error.message))
    return _back(
        request,
        site_id,
        day_id,
        "welcome",
        ngettext(
            "Welcome %(name)s: %(n)s place, checked in.",
            "Welcome %(name)s: %(n)s places, checked in.",
            booking.party_size,
        )
        % {"name": booking.name, "n": booking.party_size},
    )


@login_required
@require_POST
def admit_walk_ins(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """People queueing at the gate take free places of a started slot: walk-ins."""
    participation, day = _checkin_context(request, site_id, day_id)
    slot = _slot(participation, day, request)
    key = request.POST.get("client_key", "")[:64] or uuid.uuid4().hex
    try:
        count = int(request.POST.get("count", "0"))
        walk_in = gate.admit_walk_ins(
            participation,
            slot,
            request.POST.get("category", ""),
            count,
            key,
            request.user,
            force=request.POST.get("force") == "1",
        )
    except (ValueError, OverflowError):
        return _back(request, site_id, day_id, "invalid", str(CHOOSE_WALK_INS))
    except BookingError as error:
        return _back(request, site_id, day_id, "invalid", str(error.message))
    return _back(
        request,
        site_id,
        day_id,
        "walk_in",
        ngettext(
            "%(count)s walk-in let in on a free place: %(who)s.",
            "%(count)s walk-ins let in on free places: %(who)s.",
            walk_in.count,
        )
        % {"count": walk_in.count, "who": WalkInCategory(walk_in.category).label},
    )
