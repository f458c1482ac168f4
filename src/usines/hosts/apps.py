from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HostsConfig(AppConfig):
    name = "usines.hosts"
    verbose_name = _("Hosts' pages")
