from django.urls import path

from usines.relays import views

app_name = "relays"

urlpatterns = [
    path("relais/", views.prospects, name="prospects"),
    path("relais/prospect/<id:prospect_id>/", views.prospect, name="prospect"),
]
