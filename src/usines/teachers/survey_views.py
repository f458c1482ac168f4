"""A class's surveys: one link and QR code for the pupils before the visit and one
after, on a page the teacher prints or projects; pupils answer on a phone with no
account and no name."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from usines.bookings.models import BookingStatus
from usines.surveys.links import qr_svg
from usines.surveys.queries import class_links
from usines.teachers.views import class_booking


@login_required
@require_GET
def class_surveys(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = class_booking(request, booking_id)
    surveys = [
        (link, url, qr_svg(url, str(link.moment)))
        for link in class_links(booking)
        for url in [request.build_absolute_uri(link.path)]
    ]
    return render(
        request,
        "teachers/class_surveys.html",
        {
            "booking": booking,
            "group": booking.class_group,
            "site": booking.slot.visit.participation.site,
            "surveys": surveys,
            "active": booking.status == BookingStatus.CONFIRMED,
        },
    )
