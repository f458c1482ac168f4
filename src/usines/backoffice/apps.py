from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "usines.backoffice"
    verbose_name = "Back office"
