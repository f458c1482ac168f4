from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from usines.factories import kept


class FactoriesConfig(AppConfig):
    name = "usines.factories"
    verbose_name = _("Factories")

    def ready(self) -> None:
        for sender in kept.SOURCES:
            for signal in (post_save, post_delete):
                signal.connect(kept.forget, sender=sender, dispatch_uid=f"factories-kept-{sender}")
