from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "usines.reports"
    verbose_name = "Reports"
