"""The technical administration of accounts: only superusers reach the administration
(adminsite.py) and manage accounts, roles, groups and permissions, so no one can grant
themselves or others more power than a superuser gave. `ReadOnlyAdmin` is for the
models whose changes must go through a service."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from usines.accounts.models import User


class SuperuserManaged:
    """Every change is a superuser's; staff may only read."""

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, never changed here: a change would bypass the service that keeps the
    model's rules (bookings and their places, statuses, schedules)."""

    def has_add_permission(self, request: HttpRequest, *args) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(User)
class ProjectUserAdmin(SuperuserManaged, UserAdmin):
    list_display = ["username", "email", "role", "region", "is_staff"]
    list_filter = ["role", "region", "is_staff"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Role and scope"),
            {
                "fields": ["role", "region"],
                "description": _(
                    "Granted by invitation and withdrawn on the organisers' People page."
                ),
            },
        ),
    ]
    readonly_fields = ["role", "region"]


admin.site.unregister(Group)


@admin.register(Group)
class ProjectGroupAdmin(SuperuserManaged, GroupAdmin):
    pass
