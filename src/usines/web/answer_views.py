"""The one-click answers of a reminder e-mail: "I'm still coming" and "I can't come".

The link opens a page with one button (GET changes nothing: a mail scanner that
follows links answers nothing); the button's POST calls the service."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.bookings import reminders, services
from usines.bookings.exceptions import BookingError
from usines.bookings.models import WITH_VISIT, Booking, answer_due_at


def _answer_page(request: HttpRequest, token: str, coming: bool) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.select_related(*WITH_VISIT), token=token)
    if request.method == "POST":
        try:
            if coming:
                reminders.confirm_coming(token)
            else:
                services.cancel_booking(token)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Thank you: your places are kept for you.")
                if coming
                else _("Your booking is cancelled; the places go to the waiting list."),
            )
        return redirect("web:booking", token=token)
    return render(
        request,
        "web/booking_answer.html",
        {"booking": booking, "coming": coming, "answer_due_at": answer_due_at(booking)},
    )


@require_http_methods(["GET", "POST"])
def still_coming(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_page(request, token, coming=True)


@require_http_methods(["GET", "POST"])
def not_coming(request: HttpRequest, token: str) -> HttpResponse:
    return _answer_page(request, token, coming=False)
