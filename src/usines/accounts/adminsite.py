"""The Django administration, for superusers only: the technical back office. Organisers
work in the console (`/organisation/`), whose pages go through the services; here,
models whose edits would bypass them are read-only (`admin.ReadOnlyAdmin`)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class SuperuserAdminSite(admin.AdminSite):
    site_header = _("Usines Ouvertes – administration")
    site_title = _("Usines Ouvertes")
    index_title = _("Run the edition")

    def has_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_superuser


class ProjectAdminConfig(AdminConfig):
    default_site = "usines.accounts.adminsite.SuperuserAdminSite"
