"""Minimal Django views: what a booking and two reads cost on this stack with nothing else.

`book` parses JSON, takes the places with one conditional UPDATE and writes the
booking row in one transaction; `slots` and `near` read what the project's slot list
and near-me search answer, with plain ORM queries and JsonResponse.
"""

import json

from django.db import transaction
from django.db.models import F
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone

from usines.bookings.models import Booking
from usines.factories.models import Participation, Slot


def book(request):
    data = json.loads(request.body)
    slot_id, places = int(data["slot"]), int(data["party_size"])
    with transaction.atomic():
        taken = Slot.objects.filter(pk=slot_id, booked__lte=F("capacity") - places).update(
            booked=F("booked") + places
        )
        if not taken:
            return JsonResponse({"detail": "full"}, status=409)
        booking = Booking.objects.create(
            slot_id=slot_id,
            party_size=places,
            name=data["name"],
            email=data["email"],
            postcode=data.get("postcode", ""),
            consent_at=timezone.now(),
        )
    return JsonResponse({"token": booking.token, "slot": slot_id}, status=201)


def slots(request, site_id):
    rows = list(
        Slot.objects.filter(visit__participation__site_id=site_id)
        .order_by("starts_at")
        .values("id", "starts_at", "ends_at", "audience", "capacity", "booked")[:100]
    )
    return JsonResponse({"items": rows})


def near(request):
    lat, lon = float(request.GET["lat"]), float(request.GET["lon"])
    rows = list(
        Participation.objects.filter(
            edition__is_published=True,
            site__latitude__range=(lat - 0.5, lat + 0.5),
            site__longitude__range=(lon - 0.7, lon + 0.7),
        ).values("site_id", "site__name", "site__latitude", "site__longitude")[:50]
    )
    return JsonResponse({"items": rows})


urlpatterns = [
    path("book", book),
    path("sites/<int:site_id>/slots", slots),
    path("near", near),
]
