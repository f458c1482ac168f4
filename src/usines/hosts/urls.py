from django.urls import path
from django.views.generic import RedirectView

from usines.hosts import (
    ballot_views,
    checkin_views,
    release_views,
    returning_views,
    site_views,
    slot_views,
    survey_views,
)

app_name = "hosts"

urlpatterns = [
    path("hote/", site_views.home, name="home"),
    path("hote/site/nouveau/", site_views.register_site, name="register_site"),
    path("hote/site/<id:site_id>/", site_views.site_overview, name="site"),
    path("hote/site/<id:site_id>/rejoindre/", site_views.request_to_join, name="request_to_join"),
    path("hote/site/<id:site_id>/reprendre/", site_views.take_part_again, name="take_part_again"),
    path(
        "hote/site/<id:site_id>/reprendre/<id:edition_id>/",
        returning_views.take_part_in,
        name="take_part_in",
    ),
    path("hote/site/<id:site_id>/soumettre/", site_views.submit, name="submit"),
    path("hote/site/<id:site_id>/publier/", site_views.publish, name="publish"),
    path("hote/site/<id:site_id>/retirer/", site_views.withdraw, name="withdraw"),
    path("hote/site/<id:site_id>/visite/", site_views.visit, name="visit"),
    path("hote/site/<id:site_id>/modifier/", site_views.edit_site, name="edit_site"),
    path("hote/site/<id:site_id>/message/", site_views.message_day, name="message_day"),
    path("hote/site/<id:site_id>/photos/", site_views.photos, name="photos"),
    path(
        "hote/site/<id:site_id>/photos/<id:photo_id>/supprimer/",
        site_views.delete_photo,
        name="delete_photo",
    ),
    path("hote/site/<id:site_id>/creneaux/", slot_views.slots, name="slots"),
    path("hote/site/<id:site_id>/tirage/", ballot_views.ballot, name="ballot"),
    path("hote/creneau/<id:slot_id>/", slot_views.slot_detail, name="slot"),
    path("hote/site/<id:site_id>/export.<str:fmt>", slot_views.export, name="export"),
    path("hote/site/<id:site_id>/equipe/", site_views.team, name="team"),
    # Links of team invitations e-mailed before every invitation had one page.
    path(
        "hote/invitation/<str:token>/",
        RedirectView.as_view(pattern_name="web:invitation", permanent=True),
        name="accept_invitation",
    ),
    path("hote/site/<id:site_id>/presence/", slot_views.attendance_view, name="attendance"),
    path("hote/site/<id:site_id>/accueil/<id:day_id>/", checkin_views.checkin_page, name="checkin"),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/code/",
        checkin_views.checkin_submit,
        name="checkin_submit",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/sans-reservation/",
        checkin_views.walkins_submit,
        name="walkins_submit",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/annuler/",
        checkin_views.undo_submit,
        name="undo_submit",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/api/undo",
        checkin_views.undo_api,
        name="undo_api",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/api/checkin",
        checkin_views.checkin_api,
        name="checkin_api",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/api/walkins",
        checkin_views.walkins_api,
        name="walkins_api",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/api/counts",
        checkin_views.counts_api,
        name="counts_api",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/liberation/heure/",
        release_views.set_release_time,
        name="set_release_time",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/liberation/",
        release_views.release_now,
        name="release_now",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/liberation/accueillir/",
        release_views.admit_offer,
        name="admit_offer",
    ),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/liberation/file/",
        release_views.admit_walk_ins,
        name="admit_walk_ins",
    ),
    path("hote/classe/<id:group_id>/", slot_views.host_class, name="host_class"),
    path(
        "hote/site/<id:site_id>/accueil/<id:day_id>/enquete-sortie/",
        survey_views.exit_codes,
        name="exit_codes",
    ),
    path("hote/site/<id:site_id>/avis/", survey_views.feedback, name="feedback"),
]
