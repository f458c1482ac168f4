from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UiConfig(AppConfig):
    name = "usines.ui"
    verbose_name = _("Page layout")

    def ready(self) -> None:
        # Django's documented place to register an app's system checks.
        from usines.ui import checks  # noqa: F401
