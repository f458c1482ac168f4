from django.urls import path

from usines.outreach import views

app_name = "outreach"

urlpatterns = [
    path("relais/", views.prospects, name="prospects"),
    path("relais/prospect/<int:prospect_id>/", views.prospect, name="prospect"),
]
