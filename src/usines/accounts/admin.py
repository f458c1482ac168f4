from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from usines.accounts.models import User


@admin.register(User)
class ProjectUserAdmin(UserAdmin):
    list_display = ["username", "email", "role", "region", "is_staff"]
    list_filter = ["role", "region", "is_staff"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("Role and scope"), {"fields": ["role", "region"]}),
    ]
