from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from usines.bookings import recent
from usines.bookings.search import register_sqlite_fold


class BookingsConfig(AppConfig):
    name = "usines.bookings"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        for label, (scope, target_of) in recent.SOURCES.items():
            recent.watch(label, scope, target_of)
        connection_created.connect(register_sqlite_fold, dispatch_uid="bookings-fold")
