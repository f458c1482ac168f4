from django.urls import path

from usines.console import (
    coach_views,
    cockpit_views,
    edition_views,
    moderation_views,
    recruitment_views,
    teacher_views,
)

app_name = "console"

urlpatterns = [
    path("organisation/moderation/", moderation_views.moderation, name="moderation"),
    path(
        "organisation/moderation/<id:participation_id>/",
        moderation_views.decide,
        name="decide",
    ),
    path("organisation/modifications/", moderation_views.edits, name="edits"),
    path(
        "organisation/modifications/<id:event_id>/vu/",
        moderation_views.edit_seen,
        name="edit_seen",
    ),
    path("organisation/enseignants/", teacher_views.teachers, name="teachers"),
    path(
        "organisation/enseignants/<id:link_id>/confirmer/",
        teacher_views.confirm_teacher,
        name="confirm_teacher",
    ),
    path("organisation/presence/", cockpit_views.attendance_overview, name="attendance_overview"),
    path("organisation/tableau-de-bord/", cockpit_views.cockpit, name="cockpit"),
    path("organisation/tableau-de-bord/instantane/", cockpit_views.snapshot, name="snapshot"),
    path("organisation/tableau-de-bord/actualiser/", cockpit_views.refresh, name="refresh"),
    path("organisation/bilan.pdf", cockpit_views.results_pdf, name="results_pdf"),
    path(
        "organisation/tableau-de-bord/usines.geojson",
        cockpit_views.sites_fill_geojson,
        name="sites_fill",
    ),
    path(
        "organisation/tableau-de-bord/<str:table>.<str:fmt>",
        cockpit_views.table_export,
        name="table_export",
    ),
    path("organisation/recrutement/", recruitment_views.recruitment, name="recruitment"),
    path(
        "organisation/representativite/",
        recruitment_views.representativeness,
        name="representativeness",
    ),
    path("organisation/autocars/", coach_views.coaches, name="coaches"),
    path("organisation/etablissements/", coach_views.directory, name="directory"),
    path(
        "organisation/autocars/demandes.geojson",
        coach_views.requests_geojson,
        name="coach_requests_geojson",
    ),
    path("organisation/autocars/<id:pool_id>/accepter/", coach_views.accept, name="accept_coach"),
    path(
        "organisation/autocars/tout-accepter/",
        coach_views.accept_all,
        name="accept_all_coaches",
    ),
    path("organisation/autocars/<id:pool_id>/chauffeur/", coach_views.driver, name="coach_driver"),
    path(
        "organisation/autocars/demande/<id:request_id>/separer/",
        coach_views.split,
        name="split_coach",
    ),
    path("organisation/autocars/plan.<str:fmt>", coach_views.plan_export, name="coach_plan"),
    path("organisation/editions/", edition_views.editions, name="editions"),
    path("organisation/editions/nouvelle/", edition_views.edition_create, name="edition_create"),
    path("organisation/editions/<id:edition_id>/", edition_views.edition_detail, name="edition"),
    path(
        "organisation/editions/<id:edition_id>/modifier/",
        edition_views.edition_edit,
        name="edition_edit",
    ),
    path(
        "organisation/editions/<id:edition_id>/phases/",
        edition_views.edition_phases,
        name="edition_phases",
    ),
    path(
        "organisation/editions/<id:edition_id>/objectifs/",
        edition_views.edition_targets,
        name="edition_targets",
    ),
    path(
        "organisation/editions/<id:edition_id>/suivante/",
        edition_views.prepare_next_edition,
        name="prepare_next_edition",
    ),
    path(
        "organisation/editions/<id:edition_id>/inviter-les-hotes/",
        edition_views.invite_previous_hosts,
        name="invite_previous_hosts",
    ),
    path(
        "organisation/autocars/<id:pool_id>/fiche.pdf", coach_views.coach_sheet, name="coach_sheet"
    ),
]
