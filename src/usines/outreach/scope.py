"""Which prospects a user reaches: a relay those of its network in its departments, an
organiser those of its region (or all), no one else."""

from django.db.models import QuerySet

from usines.factories.scope import is_organiser
from usines.outreach.models import Prospect, Relay


def prospects_for(user) -> QuerySet[Prospect]:
    relay = Relay.objects.filter(user=user).first() if user.is_authenticated else None
    if relay is not None:
        return Prospect.objects.filter(
            network=relay.network, commune__department__in=relay.departments.all()
        )
    if is_organiser(user):
        if user.region_id and not user.is_superuser:
            return Prospect.objects.filter(commune__department__region_id=user.region_id)
        return Prospect.objects.all()
    return Prospect.objects.none()
