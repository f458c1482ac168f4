from django.contrib import admin

from usines.accounts.admin import ReadOnlyAdmin
from usines.scheduling.models import ScheduledJob


@admin.register(ScheduledJob)
class ScheduledJobAdmin(ReadOnlyAdmin):
    list_display = ["name", "interval", "last_run_at", "last_succeeded", "next_run_at"]
