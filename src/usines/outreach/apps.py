from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "usines.outreach"
    verbose_name = "Outreach"

    def ready(self):
        from usines.factories.signals import participation_registered

        participation_registered.connect(_on_registration, dispatch_uid="outreach-link")


def _on_registration(sender, participation, **kwargs):
    from usines.outreach.services import link_registration

    link_registration(participation)
