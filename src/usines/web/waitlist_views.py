"""The waiting list's pages: joining a full slot's list, an entry's own page (its
place in the queue, the offer to accept) and leaving it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usines import limits, proof
from usines.bookings import services
from usines.bookings.exceptions import BookingError, PlacesAvailable
from usines.bookings.forms import WaitlistForm
from usines.bookings.models import WITH_VISIT, WaitlistEntry, WaitlistStatus
from usines.web.views import ballot_instead, slot_or_404, waitlist_page


@require_http_methods(["GET", "POST"])
def join_waitlist(request: HttpRequest, slot_id: int) -> HttpResponse:
    if ballot_page := ballot_instead(request, slot_id):
        return ballot_page
    slot = slot_or_404(slot_id)
    if request.method == "POST":
        limits.check(request, limits.WAITLIST_BY_ADDRESS)
    form = WaitlistForm(request.POST or None, initial=_asked_places(request), slot=slot)
    if request.method == "POST" and proof.accepted(request, form, limits.WAITLIST_BY_ADDRESS):
        limits.check(request, limits.WAITLIST_BY_EMAIL, value=form.cleaned_data["email"])
        try:
            result = services.join_waitlist(
                slot.pk,
                form.cleaned_data["party_size"],
                form.contact(get_language()),
                idempotency_key=form.cleaned_data["idempotency_key"],
                short_notice=form.cleaned_data["short_notice"],
            )
        except PlacesAvailable as error:
            messages.info(request, error.message)
            return redirect("web:book", slot_id=slot.pk)
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            return redirect("web:waitlist_entry", token=result.entry.token)
    return waitlist_page(request, slot, form)


def _asked_places(request: HttpRequest) -> dict:
    """The party size a link to the waiting list carries (`?places=5`), if sensible."""
    places = request.GET.get("places", "")
    return (
        {"party_size": int(places)}
        if places.isascii() and places.isdigit() and 0 < int(places) < 1000
        else {}
    )


def waitlist_entry(request: HttpRequest, token: str) -> HttpResponse:
    entry = get_object_or_404(
        WaitlistEntry.objects.select_related("booking", *WITH_VISIT),
        token=token,
    )
    position = None
    if entry.status == WaitlistStatus.WAITING:
        position = (
            WaitlistEntry.objects.filter(
                slot_id=entry.slot_id,
                status=WaitlistStatus.WAITING,
                created_at__lt=entry.created_at,
            ).count()
            + 1
        )
    return render(
        request,
        "web/waitlist_entry.html",
        {"entry": entry, "position": position, "status": WaitlistStatus},
    )


@require_POST
def waitlist_accept(request: HttpRequest, token: str) -> HttpResponse:
    get_object_or_404(WaitlistEntry, token=token)
    try:
        booking = services.accept_offer(token)
    except BookingError as error:
        messages.error(request, error.message)
        return redirect("web:waitlist_entry", token=token)
    messages.success(request, _("The places are yours: your booking is confirmed."))
    return redirect("web:booking", token=booking.token)


@require_POST
def waitlist_leave(request: HttpRequest, token: str) -> HttpResponse:
    get_object_or_404(WaitlistEntry, token=token)
    try:
        services.leave_waitlist(token)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have left the waiting list."))
    return redirect("web:waitlist_entry", token=token)
