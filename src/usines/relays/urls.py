from django.urls import path

from usines.relays import views

app_name = "relays"

urlpatterns = [
    path("relais/", views.prospects, name="prospects"),
    path("relais/prospect/nouveau/", views.add_prospect, name="add_prospect"),
    path("relais/importer/", views.import_prospects, name="import_prospects"),
    path("relais/prospect/<id:prospect_id>/", views.prospect, name="prospect"),
]
