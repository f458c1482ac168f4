from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from usines.bookings import recent


class BallotsConfig(AppConfig):
    name = "usines.ballots"
    verbose_name = _("Ballots")

    def ready(self) -> None:
        # Which slots are in a ballot (ballots/recent.py), in every process.
        recent.watch("ballots.Ballot", "ballots", lambda ballot: None)
