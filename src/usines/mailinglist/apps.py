from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinglistConfig(AppConfig):
    name = "usines.mailinglist"
    verbose_name = _("Next edition list")
