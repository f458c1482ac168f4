from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelaysConfig(AppConfig):
    name = "usines.relays"
    verbose_name = _("Relays' pages")
