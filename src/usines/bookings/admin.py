"""Bookings, waiting lists and walk-ins, shown to superusers, never changed here: their
places are the slot's counters, which only bookings.capacity writes. The help desk
(`/organisation/reservations/`) changes and cancels bookings through the services."""

from django.contrib import admin

from usines.accounts.admin import ReadOnlyAdmin
from usines.bookings.models import Booking, BookingAction, WaitlistEntry, WalkIn


@admin.register(Booking)
class BookingAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "party_size", "status", "slot", "created_at"]
    list_filter = ["status"]
    search_fields = ["=checkin_code", "=email", "search_name"]
    list_select_related = ["slot__visit"]
    exclude = ["token"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdmin):
    list_display = ["name", "email", "party_size", "status", "slot", "created_at"]
    list_filter = ["status"]
    search_fields = ["=email"]
    list_select_related = ["slot__visit"]
    exclude = ["token"]


@admin.register(WalkIn)
class WalkInAdmin(ReadOnlyAdmin):
    list_display = ["participation", "day", "category", "count", "recorded_at"]


@admin.register(BookingAction)
class BookingActionAdmin(ReadOnlyAdmin):
    list_display = ["booking", "action", "detail", "actor", "created_at"]
    list_select_related = ["booking", "actor"]
