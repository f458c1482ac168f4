"""What outreach does when another app announces something: a site registering
with a prospect's SIRET marks the prospect registered (factories knows nothing of
outreach; it sends `participation_registered`)."""

from django.dispatch import receiver

from usines.factories.signals import participation_registered
from usines.outreach.services import link_registration


@receiver(participation_registered, dispatch_uid="outreach-link")
def on_registration(sender, participation, **kwargs) -> None:
    link_registration(participation)
