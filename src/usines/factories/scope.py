"""Who reaches which sites: a host its team's sites, an organiser its region (or
all), no one else.

Every host and organiser page loads its objects through these querysets, so a URL
outside the user's scope answers 404, the same as a URL that does not exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from usines.accounts.models import Role, User
from usines.factories.models import Participation, Site


def is_organiser(user: User) -> bool:
    return user.is_authenticated and (user.role == Role.ORGANISER or user.is_superuser)


def sites_for(user: User) -> QuerySet[Site]:
    if not user.is_authenticated:
        return Site.objects.none()
    if user.is_superuser or (user.role == Role.ORGANISER and user.region_id is None):
        return Site.objects.all()
    if user.role == Role.ORGANISER:
        return Site.objects.filter(commune__department__region_id=user.region_id)
    return Site.objects.filter(team=user)


def participations_for(user: User) -> QuerySet[Participation]:
    return Participation.objects.filter(site__in=sites_for(user))


def moderated_by(user: User) -> QuerySet[Participation]:
    """What an organiser moderates: every participation of its region, or all."""
    if not is_organiser(user):
        raise Http404
    return participations_for(user)
