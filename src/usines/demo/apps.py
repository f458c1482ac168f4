from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "usines.demo"
    verbose_name = "Demo data"
