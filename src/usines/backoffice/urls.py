from django.urls import path

from usines.backoffice import views

app_name = "backoffice"

urlpatterns = [
    path("hote/", views.home, name="home"),
    path("hote/site/nouveau/", views.register_site, name="register_site"),
    path("hote/site/<int:site_id>/", views.site_overview, name="site"),
    path("hote/site/<int:site_id>/rejoindre/", views.request_to_join, name="request_to_join"),
    path("hote/site/<int:site_id>/reprendre/", views.take_part_again, name="take_part_again"),
    path("hote/site/<int:site_id>/soumettre/", views.submit, name="submit"),
    path("hote/site/<int:site_id>/publier/", views.publish, name="publish"),
    path("hote/site/<int:site_id>/retirer/", views.withdraw, name="withdraw"),
    path("hote/site/<int:site_id>/visite/", views.visit, name="visit"),
    path("hote/site/<int:site_id>/modifier/", views.edit_site, name="edit_site"),
    path("hote/site/<int:site_id>/message/", views.message_day, name="message_day"),
    path("hote/site/<int:site_id>/photos/", views.photos, name="photos"),
    path(
        "hote/site/<int:site_id>/photos/<int:photo_id>/supprimer/",
        views.delete_photo,
        name="delete_photo",
    ),
    path("hote/site/<int:site_id>/creneaux/", views.slots, name="slots"),
    path("hote/creneau/<int:slot_id>/", views.slot_detail, name="slot"),
    path("hote/site/<int:site_id>/export.<str:fmt>", views.export, name="export"),
    path("hote/site/<int:site_id>/equipe/", views.team, name="team"),
    path("hote/invitation/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("hote/site/<int:site_id>/presence/", views.attendance_view, name="attendance"),
    path("hote/site/<int:site_id>/accueil/<int:day_id>/", views.checkin_page, name="checkin"),
    path(
        "hote/site/<int:site_id>/accueil/<int:day_id>/code/",
        views.checkin_submit,
        name="checkin_submit",
    ),
    path(
        "hote/site/<int:site_id>/accueil/<int:day_id>/sans-reservation/",
        views.walkins_submit,
        name="walkins_submit",
    ),
    path(
        "hote/site/<int:site_id>/accueil/<int:day_id>/api/checkin",
        views.checkin_api,
        name="checkin_api",
    ),
    path(
        "hote/site/<int:site_id>/accueil/<int:day_id>/api/walkins",
        views.walkins_api,
        name="walkins_api",
    ),
    path(
        "hote/site/<int:site_id>/accueil/<int:day_id>/api/counts",
        views.counts_api,
        name="counts_api",
    ),
]
