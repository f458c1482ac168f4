"""Which prospects a user reaches: a relay those of its network in its departments, an
organiser those of its region (or all), no one else."""

from django.db.models import QuerySet

from usines.factories.scope import is_organiser
from usines.outreach.models import Prospect, Relay
from usines.reference.models import Department


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


def territory_of(user) -> set[str] | None:
    """The department codes where `user` may add prospects: a relay's departments, a
    regional organiser's region; None for a national organiser (anywhere)."""
    relay = Relay.objects.filter(user=user).first() if user.is_authenticated else None
    if relay is not None:
        return set(relay.departments.values_list("code", flat=True))
    if is_organiser(user) and user.region_id and not user.is_superuser:
        return set(
            Department.objects.filter(region_id=user.region_id).values_list("code", flat=True)
        )
    if is_organiser(user):
        return None
    return set()
