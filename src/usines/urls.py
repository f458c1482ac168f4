from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.static import serve

from usines.api.api import api
from usines.hosts import site_views
from usines.teachers import views as teachers_views
from usines.web.sitemaps import SITEMAPS
from usines.web.views import healthz

admin.site.site_header = _("Usines Ouvertes – administration")
admin.site.site_title = _("Usines Ouvertes")
admin.site.index_title = _("Run the edition")

# Four links the e-mail tasks still reverse under the pages' former namespaces
# ("backoffice", "schools"): the same pages, listed after their own, so a request
# resolves to the hosts' and teachers' names. They go once the tasks reverse
# "hosts:site", "hosts:team", "hosts:accept_invitation" and "teachers:home".
FORMER_HOSTS_NAMES = [
    path("hote/site/<int:site_id>/", site_views.site_overview, name="site"),
    path("hote/site/<int:site_id>/equipe/", site_views.team, name="team"),
    path("hote/invitation/<str:token>/", site_views.accept_invitation, name="accept_invitation"),
]
FORMER_TEACHERS_NAMES = [path("enseignant/", teachers_views.home, name="home")]

urlpatterns = [
    path("", include("usines.web.urls")),
    path("accounts/", include("usines.accounts.urls")),
    path("", include("usines.hosts.urls")),
    path("", include("usines.teachers.urls")),
    path("", include("usines.relays.urls")),
    path("", include("usines.console.urls")),
    path("", include((FORMER_HOSTS_NAMES, "backoffice"))),
    path("", include((FORMER_TEACHERS_NAMES, "schools"))),
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
