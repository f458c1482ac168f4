from django.urls import path

from usines.web import (
    answer_views,
    ballot_views,
    invitation_views,
    language,
    mailinglist_views,
    my_bookings,
    opendata,
    privacy_views,
    views,
    waitlist_views,
)

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("usine/<id:site_id>/", views.site_detail, name="site"),
    path("region/<slug:slug>/", views.region_page, name="region"),
    path("departement/<str:code>/", views.department_page, name="department"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("langue/<str:language>/", language.switch_language, name="switch_language"),
    path("donnees/", opendata.index, name="open_data"),
    path("donnees/usines.csv", opendata.sites_csv, name="open_data_csv"),
    path("donnees/usines.geojson", opendata.sites_geojson, name="open_data_geojson"),
    path("widget/", opendata.widget, name="widget"),
    path("widget.js", opendata.widget_script, name="widget_script"),
    path("creneau/<id:slot_id>/reserver/", views.book_slot, name="book"),
    path("creneau/<id:slot_id>/liste-attente/", waitlist_views.join_waitlist, name="join_waitlist"),
    path("reservation/<str:token>/", views.booking_detail, name="booking"),
    path("reservation/<str:token>/modifier/", views.booking_change, name="booking_change"),
    path("reservation/<str:token>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("reservation/<str:token>/je-viens/", answer_views.still_coming, name="booking_coming"),
    path(
        "reservation/<str:token>/je-ne-viens-pas/",
        answer_views.not_coming,
        name="booking_not_coming",
    ),
    path("reservation/<str:token>/visite.ics", views.booking_ics, name="booking_ics"),
    path("reservation/<str:token>/billet.pdf", views.booking_pdf, name="booking_pdf"),
    path("mes-reservations/", my_bookings.request_link, name="my_bookings_request"),
    path("mes-reservations/envoye/", my_bookings.link_sent, name="my_bookings_sent"),
    path("mes-reservations/lien/<str:token>/", my_bookings.open_link, name="my_bookings_open"),
    path("mes-reservations/liste/", my_bookings.bookings_list, name="my_bookings"),
    path("mes-reservations/fermer/", my_bookings.close_access, name="my_bookings_close"),
    path("lettre/", mailinglist_views.subscribe, name="mailinglist"),
    path("lettre/envoye/", mailinglist_views.subscription_sent, name="mailinglist_sent"),
    path("lettre/confirmer/<str:token>/", mailinglist_views.confirm, name="mailinglist_confirm"),
    path(
        "lettre/desinscription/<str:token>/",
        mailinglist_views.unsubscribe,
        name="mailinglist_unsubscribe",
    ),
    path("mes-reservations/donnees/", privacy_views.my_data, name="my_data"),
    path("mes-reservations/supprimer/", privacy_views.my_data_delete, name="my_data_delete"),
    path("reservation/<str:token>/donnees/", privacy_views.booking_data, name="booking_data"),
    path("reservation/<str:token>/supprimer/", privacy_views.booking_delete, name="booking_delete"),
    path("donnees-personnelles/", privacy_views.privacy, name="privacy"),
    path("liste-attente/<str:token>/", waitlist_views.waitlist_entry, name="waitlist_entry"),
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    path(
        "liste-attente/<str:token>/accepter/",
        waitlist_views.waitlist_accept,
        name="waitlist_accept",
    ),
    path(
        "liste-attente/<str:token>/quitter/", waitlist_views.waitlist_leave, name="waitlist_leave"
    ),
    path("tirage/<id:ballot_id>/", ballot_views.ballot, name="ballot"),
    path("tirage/inscription/<str:token>/", ballot_views.ballot_entry, name="ballot_entry"),
    path(
        "tirage/inscription/<str:token>/retirer/",
        ballot_views.ballot_withdraw,
        name="ballot_withdraw",
    ),
]
