from django.urls import path

from usines.console import (
    ballot_views,
    bulk_views,
    coach_views,
    cockpit_views,
    desk_views,
    edition_views,
    impact_views,
    mailinglist_views,
    moderation_views,
    network_views,
    people_views,
    prospect_views,
    recruitment_views,
    reference_views,
    schedule_views,
    surveys_views,
    teacher_views,
)
from usines.outreach.models import ReferenceKind

app_name = "console"

urlpatterns = [
    path("organisation/enquetes/", surveys_views.surveys, name="surveys"),
    path(
        "organisation/enquetes/avis-des-hotes/", surveys_views.host_feedback, name="survey_feedback"
    ),
    path(
        "organisation/enquetes/<id:edition_id>/<str:audience>/<str:moment>/",
        surveys_views.questionnaire,
        name="survey_questionnaire",
    ),
    path(
        "organisation/enquetes/<id:edition_id>/<str:audience>/<str:moment>/question/",
        surveys_views.question,
        name="survey_question_add",
    ),
    path(
        "organisation/enquetes/<id:edition_id>/<str:audience>/<str:moment>/question/<slug:key>/",
        surveys_views.question,
        name="survey_question",
    ),
    path(
        "organisation/enquetes/<id:edition_id>/<str:audience>/<str:moment>/question/<slug:key>/deplacer/",
        surveys_views.question_move,
        name="survey_question_move",
    ),
    path(
        "organisation/enquetes/<id:edition_id>/<str:audience>/<str:moment>/question/<slug:key>/supprimer/",
        surveys_views.question_delete,
        name="survey_question_delete",
    ),
    path("organisation/tirages/", ballot_views.ballots, name="ballots"),
    path("organisation/tirages/<id:ballot_id>/", ballot_views.ballot, name="ballot"),
    path(
        "organisation/tirages/<id:ballot_id>/tirer/", ballot_views.ballot_draw, name="ballot_draw"
    ),
    path(
        "organisation/tirages/<id:ballot_id>/journal.<str:fmt>",
        ballot_views.ballot_log,
        name="ballot_log",
    ),
    path("organisation/moderation/", moderation_views.moderation, name="moderation"),
    path(
        "organisation/moderation/<id:participation_id>/",
        moderation_views.decide,
        name="decide",
    ),
    path("organisation/moderation/lot/", bulk_views.bulk_decide, name="bulk_decide"),
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
    path("organisation/impact/", impact_views.impact, name="impact"),
    path(
        "organisation/impact/<str:table>.<str:fmt>",
        impact_views.impact_export,
        name="impact_export",
    ),
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
        "organisation/editions/<id:edition_id>/places-vides/",
        edition_views.edition_noshow,
        name="edition_noshow",
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
    path("organisation/reservations/", desk_views.desk, name="desk"),
    path("organisation/reservations/<id:booking_id>/", desk_views.booking, name="desk_booking"),
    path(
        "organisation/reservations/<id:booking_id>/renvoyer/",
        desk_views.resend,
        name="desk_resend",
    ),
    path(
        "organisation/reservations/<id:booking_id>/places/",
        desk_views.change,
        name="desk_change",
    ),
    path(
        "organisation/reservations/<id:booking_id>/annuler/",
        desk_views.cancel,
        name="desk_cancel",
    ),
    path(
        "organisation/representativite/import/etablissements/",
        reference_views.import_reference,
        {"kind": ReferenceKind.ESTABLISHMENTS},
        name="import_establishments",
    ),
    path(
        "organisation/representativite/import/tailles/",
        reference_views.import_reference,
        {"kind": ReferenceKind.SIZES},
        name="import_sizes",
    ),
    path("organisation/lettre/", mailinglist_views.mailing_list, name="mailing_list"),
    path(
        "organisation/lettre/abonnes.csv",
        mailinglist_views.mailing_list_export,
        name="mailing_list_export",
    ),
    path("organisation/travaux-planifies/", schedule_views.scheduled_jobs, name="scheduled_jobs"),
    path("organisation/personnes/", people_views.people_list, name="people"),
    path(
        "organisation/personnes/inviter-organisateur/",
        people_views.invite_organiser,
        name="invite_organiser",
    ),
    path("organisation/personnes/inviter-hote/", people_views.invite_host, name="invite_host"),
    path("organisation/personnes/inviter-relais/", people_views.invite_relay, name="invite_relay"),
    path(
        "organisation/personnes/organisateur/<id:user_id>/retirer/",
        people_views.withdraw_organiser,
        name="withdraw_organiser",
    ),
    path(
        "organisation/personnes/site/<id:site_id>/hote/<id:user_id>/retirer/",
        people_views.withdraw_host,
        name="withdraw_host",
    ),
    path(
        "organisation/personnes/relais/<id:relay_id>/retirer/",
        people_views.withdraw_relay,
        name="withdraw_relay",
    ),
    path("organisation/reseaux/", network_views.networks, name="networks"),
    path("organisation/reseaux/<id:network_id>/", network_views.network, name="network"),
    path("organisation/prospects/", prospect_views.prospects, name="prospects"),
    path("organisation/prospects/nouveau/", prospect_views.add_prospect, name="add_prospect"),
    path(
        "organisation/prospects/importer/",
        prospect_views.import_prospects,
        name="import_prospects",
    ),
    path(
        "organisation/prospects/reporter/",
        prospect_views.carry_over_prospects,
        name="carry_over",
    ),
]
