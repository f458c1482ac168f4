"""Sites and companies may be corrected here; participations, visits and slots are
read-only: their statuses, places and public text change through factories.services
and bookings.slots, which record who did what and tell the people concerned."""

from django.contrib import admin

from usines.accounts.admin import ReadOnlyAdmin
from usines.factories.models import Company, Participation, Site, Slot, Visit


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = ["name", "siren"]
    search_fields = ["name", "siren"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "siret", "commune", "naf", "headcount_band"]
    list_filter = ["commune__department__region", "headcount_band"]
    search_fields = ["name", "siret", "commune__name"]
    autocomplete_fields = ["company", "commune", "naf", "team"]
    list_select_related = ["commune", "naf"]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["site", "edition", "status", "created_at"]
    list_filter = ["edition", "status", "site__commune__department__region"]
    search_fields = ["site__name", "site__siret"]
    autocomplete_fields = ["site"]
    list_select_related = ["site__commune", "edition"]


class SlotInline(admin.TabularInline):
    model = Slot
    extra = 0
    can_delete = False
    fields = [
        "day",
        "audience",
        "starts_at",
        "ends_at",
        "capacity",
        "booked",
        "held",
        "is_cancelled",
    ]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Visit)
class VisitAdmin(ReadOnlyAdmin):
    list_display = ["title", "participation", "minimum_age"]
    search_fields = ["title", "participation__site__name"]
    autocomplete_fields = ["participation"]
    inlines = [SlotInline]


@admin.register(Slot)
class SlotAdmin(ReadOnlyAdmin):
    list_display = ["visit", "day", "audience", "starts_at", "capacity", "booked", "held"]
    list_filter = ["day", "audience", "is_cancelled"]
    search_fields = ["visit__title", "visit__participation__site__name"]
    list_select_related = ["visit", "day__edition"]
