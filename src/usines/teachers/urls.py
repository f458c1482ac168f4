from django.urls import path

from usines.teachers import views

app_name = "teachers"

urlpatterns = [
    path("enseignant/", views.home, name="home"),
    path("enseignant/creneau/<id:slot_id>/", views.book, name="book"),
    path("enseignant/classe/<id:booking_id>/", views.booking_detail, name="booking"),
    path("enseignant/classe/<id:booking_id>/annuler/", views.cancel, name="cancel"),
    path("enseignant/classe/<id:booking_id>/fiche.pdf", views.visit_sheet, name="visit_sheet"),
]
