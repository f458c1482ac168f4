from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from usines.factories import nearby


class FactoriesConfig(AppConfig):
    name = "usines.factories"
    verbose_name = _("Factories")

    def ready(self) -> None:
        for sender in nearby.SOURCES:
            for signal in (post_save, post_delete):
                signal.connect(nearby.forget, sender=sender, dispatch_uid=f"nearby-{sender}")
