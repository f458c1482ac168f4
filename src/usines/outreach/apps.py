from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "usines.outreach"
    verbose_name = "Outreach"

    def ready(self) -> None:
        # Receivers import models, which exist only once every app is loaded:
        # Django's documented place to connect them is here.
        from usines.outreach import receivers  # noqa: F401
