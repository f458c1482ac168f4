from django.apps import AppConfig


class SchoolsConfig(AppConfig):
    name = "usines.schools"
    verbose_name = "Schools"
