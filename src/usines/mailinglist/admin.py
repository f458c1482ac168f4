from django.contrib import admin

from usines.accounts.admin import ReadOnlyAdmin
from usines.mailinglist.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(ReadOnlyAdmin):
    """The list's rows change only through its links and services."""

    list_display = ("email", "status", "language", "source", "requested_at", "confirmed_at")
    list_filter = ("status", "source", "language")
    search_fields = ("email",)
    exclude = ("token",)
