from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, register_converter
from django.views.static import serve

from usines.api.api import api
from usines.ui.basemap import pmtiles_file
from usines.ui.converters import IdConverter
from usines.web.sitemaps import SITEMAPS
from usines.web.views import healthz

# Ids in URLs are bounded like the database's: a longer number is no page (404).
register_converter(IdConverter, "id")

# The API first: its requests (the booking rush) resolve without trying every page.
urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("usines.web.urls")),
    path("enquete/", include("usines.web.survey_urls")),
    path("accounts/", include("usines.accounts.urls")),
    path("", include("usines.hosts.urls")),
    path("", include("usines.teachers.urls")),
    path("", include("usines.relays.urls")),
    path("", include("usines.console.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("carte/fond.pmtiles", pmtiles_file, name="basemap"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}, name="media")
    )
