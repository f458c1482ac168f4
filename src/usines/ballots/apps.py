from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from usines.bookings import recent


class BallotsConfig(AppConfig):
    name = "usines.ballots"
    verbose_name = _("Ballots")

    def ready(self) -> None:
        for signal in (post_save, post_delete):
            signal.connect(
                recent.changed, sender="ballots.Ballot", dispatch_uid=f"ballots-{id(signal)}"
            )
