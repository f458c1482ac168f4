from django.urls import path

from usines.reports import views

app_name = "reports"

urlpatterns = [
    path("organisation/tableau-de-bord/", views.cockpit, name="cockpit"),
    path("organisation/tableau-de-bord/instantane/", views.snapshot, name="snapshot"),
    path("organisation/tableau-de-bord/actualiser/", views.refresh, name="refresh"),
    path("organisation/bilan.pdf", views.results_pdf, name="results_pdf"),
    path(
        "organisation/tableau-de-bord/usines.geojson",
        views.sites_fill_geojson,
        name="sites_fill",
    ),
    path(
        "organisation/tableau-de-bord/<str:table>.<str:fmt>",
        views.table_export,
        name="table_export",
    ),
]
