from django.urls import path

from usines.web import ballot_views, invitation_views, my_bookings, opendata, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("usine/<id:site_id>/", views.site_detail, name="site"),
    path("region/<slug:slug>/", views.region_page, name="region"),
    path("departement/<str:code>/", views.department_page, name="department"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("donnees/", opendata.index, name="open_data"),
    path("donnees/usines.csv", opendata.sites_csv, name="open_data_csv"),
    path("donnees/usines.geojson", opendata.sites_geojson, name="open_data_geojson"),
    path("widget/", opendata.widget, name="widget"),
    path("widget.js", opendata.widget_script, name="widget_script"),
    path("creneau/<id:slot_id>/reserver/", views.book_slot, name="book"),
    path("creneau/<id:slot_id>/liste-attente/", views.join_waitlist, name="join_waitlist"),
    path("reservation/<str:token>/", views.booking_detail, name="booking"),
    path("reservation/<str:token>/modifier/", views.booking_change, name="booking_change"),
    path("reservation/<str:token>/annuler/", views.booking_cancel, name="booking_cancel"),
    path("reservation/<str:token>/visite.ics", views.booking_ics, name="booking_ics"),
    path("reservation/<str:token>/billet.pdf", views.booking_pdf, name="booking_pdf"),
    path("mes-reservations/", my_bookings.request_link, name="my_bookings_request"),
    path("mes-reservations/envoye/", my_bookings.link_sent, name="my_bookings_sent"),
    path("mes-reservations/lien/<str:token>/", my_bookings.open_link, name="my_bookings_open"),
    path("mes-reservations/liste/", my_bookings.bookings_list, name="my_bookings"),
    path("mes-reservations/fermer/", my_bookings.close_access, name="my_bookings_close"),
    path("liste-attente/<str:token>/", views.waitlist_entry, name="waitlist_entry"),
    path("invitation/<str:token>/", invitation_views.invitation, name="invitation"),
    path("liste-attente/<str:token>/accepter/", views.waitlist_accept, name="waitlist_accept"),
    path("liste-attente/<str:token>/quitter/", views.waitlist_leave, name="waitlist_leave"),
    path("tirage/<id:ballot_id>/", ballot_views.ballot, name="ballot"),
    path("tirage/inscription/<str:token>/", ballot_views.ballot_entry, name="ballot_entry"),
    path(
        "tirage/inscription/<str:token>/retirer/",
        ballot_views.ballot_withdraw,
        name="ballot_withdraw",
    ),
]
