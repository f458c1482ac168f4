from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from usines.bookings import recent
from usines.bookings.search import register_sqlite_fold


class BookingsConfig(AppConfig):
    name = "usines.bookings"
    verbose_name = _("Bookings")

    def ready(self) -> None:
        for sender in recent.SOURCES:
            for signal in (post_save, post_delete):
                signal.connect(recent.changed, sender=sender, dispatch_uid=f"recent-{sender}")
        connection_created.connect(register_sqlite_fold, dispatch_uid="bookings-fold")
