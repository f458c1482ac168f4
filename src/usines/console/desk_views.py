"""The help desk: an organiser finds a booking of its region (all of France when
national) by name, e-mail, check-in code or site, opens it, and sends the ticket
again, changes the places or cancels it for the visitor or teacher who calls. Each
action is recorded (who, when) and listed on the booking's page (bookings.desk)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from usines.bookings import desk as help_desk
from usines.bookings.exceptions import BookingError
from usines.bookings.models import Booking
from usines.console.desk_forms import DeskSearchForm, PlacesForm
from usines.factories.scope import is_organiser

PAGE_SIZE = 30


def _reachable(request: HttpRequest):
    if not is_organiser(request.user):
        raise Http404
    return help_desk.reachable_bookings(request.user)


@login_required
@require_GET
def desk(request: HttpRequest) -> HttpResponse:
    bookings = _reachable(request)
    form = DeskSearchForm(request.GET or None)
    page = None
    if form.is_valid():
        found = help_desk.find_bookings(
            bookings, form.cleaned_data["q"], form.cleaned_data["site"]
        ).order_by("-created_at", "-pk")
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "console/desk.html", {"form": form, "page": page, "query": query.urlencode()}
    )


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    return get_object_or_404(
        _reachable(request).select_related(
            "slot__day__edition",
            "slot__visit__participation__site__commune",
            "class_group__school",
            "class_group__teacher",
            "checked_in_by",
        ),
        pk=booking_id,
    )


@login_required
@require_GET
def booking(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = _booking(request, booking_id)
    return render(
        request,
        "console/desk_booking.html",
        {
            "booking": found,
            "site": found.slot.visit.participation.site,
            "group": found.class_group,
            "places_form": PlacesForm(initial={"party_size": found.party_size}),
            "actions": found.actions.select_related("actor"),
        },
    )


def _done(request: HttpRequest, booking_id: int, action, success: str) -> HttpResponse:
    try:
        action()
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("console:desk_booking", booking_id=booking_id)


@login_required
@require_POST
def resend(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = _booking(request, booking_id)
    return _done(
        request,
        booking_id,
        lambda: help_desk.resend_ticket(found, request.user),
        _("The ticket is on its way to %(email)s again.") % {"email": found.email},
    )


@login_required
@require_POST
def change(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = _booking(request, booking_id)
    form = PlacesForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of places, 1 or more."))
        return redirect("console:desk_booking", booking_id=booking_id)
    places = form.cleaned_data["party_size"]
    return _done(
        request,
        booking_id,
        lambda: help_desk.change_places(found, places, request.user),
        ngettext(
            "The booking now holds %(n)s place; the visitor is told by e-mail.",
            "The booking now holds %(n)s places; the visitor is told by e-mail.",
            places,
        )
        % {"n": places},
    )


@login_required
@require_POST
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    found = _booking(request, booking_id)
    return _done(
        request,
        booking_id,
        lambda: help_desk.cancel(found, request.user),
        _("The booking is cancelled; its places are free again and the visitor is told."),
    )
