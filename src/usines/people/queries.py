"""Who holds which role, as an organiser may see it: every one for a national
organiser, those of its region for a regional one."""

from django.db.models import Prefetch, Q, QuerySet

from usines.accounts.models import Role, User
from usines.factories.models import Site
from usines.factories.scope import sites_for
from usines.outreach.models import Relay
from usines.people.models import Invitation, InvitedRole, RoleWithdrawal
from usines.people.services import is_national
from usines.reference.models import Department, Region


def _matching(q: str, prefix: str = "") -> Q:
    words = Q()
    for word in q.split()[:5]:
        words &= (
            Q(**{f"{prefix}email__icontains": word})
            | Q(**{f"{prefix}first_name__icontains": word})
            | Q(**{f"{prefix}last_name__icontains": word})
        )
    return words


def _region_of(viewer: User, region: Region | None) -> Region | None:
    """A regional organiser sees its region whatever it asks."""
    return viewer.region if viewer.region_id and not viewer.is_superuser else region


def organisers(viewer: User, region: Region | None = None, q: str = "") -> QuerySet[User]:
    rows = User.objects.filter(role=Role.ORGANISER).filter(_matching(q))
    if region := _region_of(viewer, region):
        rows = rows.filter(region=region)
    return rows.select_related("region").order_by("region__name", "last_name", "email")


def team_members(viewer: User, region: Region | None = None, q: str = "") -> QuerySet:
    """Rows of the sites' teams (site and user), for the sites the viewer reaches."""
    rows = Site.team.through.objects.filter(site__in=sites_for(viewer)).filter(
        _matching(q, "user__")
    )
    if region := _region_of(viewer, region):
        rows = rows.filter(site__commune__department__region=region)
    return rows.select_related("site__commune", "user").order_by("site__name", "user__email")


def relays(
    viewer: User, region: Region | None = None, q: str = "", network=None
) -> QuerySet[Relay]:
    rows = Relay.objects.filter(_matching(q, "user__"))
    if region := _region_of(viewer, region):
        rows = rows.filter(pk__in=Relay.objects.filter(departments__region=region).values("pk"))
    if network is not None:
        rows = rows.filter(network=network)
    return (
        rows.select_related("user", "network")
        .prefetch_related(Prefetch("departments", Department.objects.order_by("code")))
        .order_by("network__name", "user__email")
    )


def _invitations_in(region: Region) -> Q:
    return (
        Q(role=InvitedRole.ORGANISER, region=region)
        | Q(role=InvitedRole.HOST, site__commune__department__region=region)
        | Q(role=InvitedRole.RELAY, departments__region=region)
    )


def open_invitations(viewer: User) -> QuerySet[Invitation]:
    rows = Invitation.objects.open()
    if not is_national(viewer):
        rows = rows.filter(
            pk__in=Invitation.objects.filter(_invitations_in(viewer.region)).values("pk")
        )
    return rows.select_related("region", "site", "network", "invited_by")


def recent_withdrawals(viewer: User, limit: int = 20) -> list[RoleWithdrawal]:
    rows = RoleWithdrawal.objects.all()
    if not is_national(viewer):
        region = viewer.region
        rows = rows.filter(
            Q(region=region)
            | Q(site__commune__department__region=region)
            | Q(role=InvitedRole.RELAY, withdrawn_by=viewer)
        )
    return list(rows.select_related("user", "withdrawn_by", "site", "network", "region")[:limit])
