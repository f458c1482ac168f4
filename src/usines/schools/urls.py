from django.urls import path

from usines.schools import coach_views, views

app_name = "schools"

urlpatterns = [
    path("enseignant/", views.home, name="home"),
    path("enseignant/creneau/<int:slot_id>/", views.book, name="book"),
    path("enseignant/classe/<int:booking_id>/", views.booking_detail, name="booking"),
    path("enseignant/classe/<int:booking_id>/annuler/", views.cancel, name="cancel"),
    path("enseignant/classe/<int:booking_id>/fiche.pdf", views.visit_sheet, name="visit_sheet"),
    path("hote/classe/<int:group_id>/", views.host_class, name="host_class"),
    path("organisation/autocars/", coach_views.coaches, name="coaches"),
    path("organisation/etablissements/", coach_views.directory, name="directory"),
    path(
        "organisation/autocars/demandes.geojson",
        coach_views.requests_geojson,
        name="coach_requests_geojson",
    ),
    path("organisation/autocars/<int:pool_id>/accepter/", coach_views.accept, name="accept_coach"),
    path(
        "organisation/autocars/demande/<int:request_id>/separer/",
        coach_views.split,
        name="split_coach",
    ),
    path("organisation/autocars/plan.<str:fmt>", coach_views.plan_export, name="coach_plan"),
    path(
        "organisation/autocars/<int:pool_id>/fiche.pdf", coach_views.coach_sheet, name="coach_sheet"
    ),
]
