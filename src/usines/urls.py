from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from usines.api.api import api
from usines.hosts import site_views
from usines.web.sitemaps import SITEMAPS
from usines.web.views import healthz

admin.site.site_header = _("Usines Ouvertes – administration")
admin.site.site_title = _("Usines Ouvertes")
admin.site.index_title = _("Run the edition")

# The links the e-mail tasks still reverse under the pages' former namespaces: the
# same pages, found first under their own names above. They go once the tasks
# reverse "hosts:site", "hosts:team" and "hosts:accept_invitation".
FORMER_HOSTS_NAMES = [
    path("hote/site/<int:site_id>/", site_views.site_overview, name="site"),
    path("hote/site/<int:site_id>/equipe/", site_views.team, name="team"),
    path("hote/invitation/<str:token>/", site_views.accept_invitation, name="accept_invitation"),
]

urlpatterns = [
    path("", include("usines.web.urls")),
    path("accounts/", include("usines.accounts.urls")),
    path("", include("usines.hosts.urls")),
    path("", include("usines.schools.urls")),
    path("", include("usines.outreach.urls")),
    path("", include("usines.console.urls")),
    path("", include((FORMER_HOSTS_NAMES, "backoffice"))),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
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
