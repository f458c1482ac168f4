from django.urls import path

from usines.teachers import ballot_views, search_views, survey_views, views

app_name = "teachers"

urlpatterns = [
    path("enseignant/", views.home, name="home"),
    path("enseignant/visites/", search_views.find_visits, name="find_visits"),
    path("enseignant/collegue/", views.invite_colleague, name="invite_colleague"),
    path("enseignant/confirmer/<str:token>/", views.confirm_teacher, name="confirm_teacher"),
    path("enseignant/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("enseignant/creneau/<id:slot_id>/", views.book, name="book"),
    path("enseignant/tirage/<id:ballot_id>/", ballot_views.ballot, name="ballot"),
    path("enseignant/classe/<id:booking_id>/", views.booking_detail, name="booking"),
    path("enseignant/classe/<id:booking_id>/annuler/", views.cancel, name="cancel"),
    path("enseignant/classe/<id:booking_id>/fiche.pdf", views.visit_sheet, name="visit_sheet"),
    path(
        "enseignant/classe/<id:booking_id>/enquetes/",
        survey_views.class_surveys,
        name="class_surveys",
    ),
]
