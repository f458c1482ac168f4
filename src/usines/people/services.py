"""Invitations to a role, their acceptance, and the withdrawal of a role.

Who invites whom:

- a national organiser (or a superuser) invites organisers, national or of a region;
- an organiser invites hosts to the sites it reaches (its region's, or all) and relays
  of a partner network to a territory inside its region (or anywhere, if national);
- a host invites colleagues to the team of its own sites.

An invitation is e-mailed (a task written in the same transaction), works once and
until `expires_at` (INVITATION_DAYS), and only for an account whose confirmed e-mail
address is the one invited: the link reached that mailbox, the account proves it is
its owner's. Acceptance is one conditional UPDATE on `accepted_at IS NULL AND
expires_at > now`, so two clicks cannot both grant the role.

Withdrawing a role is recorded (`RoleWithdrawal`: who, when, what) and closes the
invitations that person had sent and no one accepted yet.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from usines.accounts.models import Role, User
from usines.errors import DomainError
from usines.factories import services as factories
from usines.factories.models import Site
from usines.factories.scope import is_organiser, sites_for
from usines.outreach import services as outreach
from usines.outreach.models import Network, Relay
from usines.people import tasks
from usines.people.models import Invitation, InvitedRole, RoleWithdrawal
from usines.reference.models import Department, Region

INVITATION_DAYS = 7


class PeopleError(DomainError):
    code = "people_error"


class NotInScope(PeopleError):
    code = "not_in_scope"
    message = gettext_lazy("This is outside what you may manage.")


class InvitationNotOpen(PeopleError):
    code = "invitation_not_open"
    message = gettext_lazy(
        "This invitation has already been used or has expired; ask for a new one."
    )


class InvitationNotYours(PeopleError):
    code = "invitation_not_yours"


class AddressNotConfirmed(PeopleError):
    code = "address_not_confirmed"
    message = gettext_lazy(
        "Your e-mail address is not confirmed yet: open the confirmation link we sent "
        "when you signed up, then come back to this invitation."
    )


class RoleConflict(PeopleError):
    code = "role_conflict"


# --- Who may do what ------------------------------------------------------------------


def is_national(user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or (user.role == Role.ORGANISER and user.region_id is None)
    )


def reaches_territory(user: User, departments) -> bool:
    """Whether an organiser may act for relays of these departments: all of them, for a
    national organiser; those of its region, for a regional one."""
    if is_national(user):
        return True
    return is_organiser(user) and all(d.region_id == user.region_id for d in departments)


def may_invite_to(user: User, site: Site) -> bool:
    """A host to its own team's sites, an organiser to the sites of its region (or all)."""
    return sites_for(user).filter(pk=site.pk).exists()


# --- Inviting -------------------------------------------------------------------------


def _invite(inviter: User, role: str, email: str, departments=(), **references) -> Invitation:
    now = timezone.now()
    invitation = Invitation.objects.create(
        role=role,
        email=email.strip().lower(),
        invited_by=inviter,
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
        **references,
    )
    if departments:
        invitation.departments.set(departments)
    tasks.send_invitation.enqueue(invitation.pk)
    return invitation


@transaction.atomic
def invite_organiser(inviter: User, email: str, region: Region | None = None) -> Invitation:
    """An organiser of `region` (national without one). Raises NotInScope unless the
    inviter is a national organiser."""
    if not is_national(inviter):
        raise NotInScope(_("Only a national organiser invites organisers."))
    return _invite(inviter, InvitedRole.ORGANISER, email, region=region)


@transaction.atomic
def invite_host(inviter: User, site: Site, email: str) -> Invitation:
    """A host of `site`'s team. Raises NotInScope for a site the inviter does not reach."""
    if not may_invite_to(inviter, site):
        raise NotInScope(
            _("You may invite hosts only to your own sites, or to the sites of your region.")
        )
    return _invite(inviter, InvitedRole.HOST, email, site=site)


@transaction.atomic
def invite_relay(
    inviter: User,
    network: Network,
    email: str,
    region: Region | None = None,
    departments=(),
) -> Invitation:
    """A relay of `network` canvassing a whole `region` or some `departments`. Raises
    PeopleError without a territory, NotInScope for a territory outside the inviter's
    region."""
    territory = list(region.departments.all()) if region else list(departments)
    if not territory:
        raise PeopleError(_("Choose the relay's territory: a region or departments."))
    if not reaches_territory(inviter, territory):
        raise NotInScope(_("A regional organiser invites relays in its own region only."))
    return _invite(inviter, InvitedRole.RELAY, email, territory, network=network, region=region)


# --- Accepting ------------------------------------------------------------------------


def refusal(invitation: Invitation, user: User) -> PeopleError | None:
    """Why `user` may not accept the invitation, or None: used, expired, another
    address, an address not confirmed, or a role that cannot be combined."""
    if not invitation.is_open:
        return InvitationNotOpen()
    if invitation.email.lower() != (user.email or "").strip().lower():
        return InvitationNotYours(
            _(
                "This invitation was sent to %(email)s and you are logged in as %(you)s: "
                "log out, then log in (or sign up) with %(email)s to accept it."
            )
            % {"email": invitation.email, "you": user.email or user.get_username()}
        )
    if user.email_confirmed_at is None:
        return AddressNotConfirmed()
    if invitation.role == InvitedRole.RELAY and is_organiser(user):
        return RoleConflict(
            _("An organiser already reaches every prospect of its region: it cannot be a relay.")
        )
    return None


@transaction.atomic
def accept_invitation(token: str, user: User) -> Invitation:
    """Grant the invited role to `user`: an organiser (its region set), a member of the
    site's team, or a relay of the network in the territory. Raises the PeopleError
    that `refusal` gives, or InvitationNotOpen when another click used it first."""
    invitation = (
        Invitation.objects.select_related("site", "network", "region").filter(token=token).first()
    )
    if invitation is None:
        raise InvitationNotOpen
    if problem := refusal(invitation, user):
        raise problem
    now = timezone.now()
    if not Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
    ).update(accepted_at=now, accepted_by=user):
        raise InvitationNotOpen
    if invitation.role == InvitedRole.ORGANISER:
        if relay := Relay.objects.filter(user=user).first():
            outreach.detach_relay(relay)
        User.objects.filter(pk=user.pk).update(role=Role.ORGANISER, region=invitation.region)
    elif invitation.role == InvitedRole.HOST:
        factories.join_team(invitation.site, user)
    else:
        outreach.attach_relay(user, invitation.network, invitation.departments.all())
        # A relay who signed up "to open a factory" has no site: it is a relay.
        if user.role == Role.VISITOR or (user.role == Role.HOST and not user.sites.exists()):
            User.objects.filter(pk=user.pk).update(role=Role.RELAY)
    user.refresh_from_db()
    invitation.accepted_at, invitation.accepted_by = now, user
    return invitation


# --- Withdrawing ----------------------------------------------------------------------


def _close_invitations_sent_by(user: User, **scope) -> None:
    Invitation.objects.open().filter(invited_by=user, **scope).update(expires_at=timezone.now())


@transaction.atomic
def withdraw_organiser(by: User, user: User) -> RoleWithdrawal:
    """`user` is no longer an organiser (nor staff, unless a superuser). Only a national
    organiser withdraws it, never its own."""
    if not is_national(by):
        raise NotInScope(_("Only a national organiser withdraws an organiser's role."))
    if user.pk == by.pk:
        raise PeopleError(_("You cannot withdraw your own role: ask another national organiser."))
    if user.role != Role.ORGANISER:
        raise PeopleError(_("This person is not an organiser."))
    withdrawal = RoleWithdrawal.objects.create(
        user=user, role=InvitedRole.ORGANISER, region_id=user.region_id, withdrawn_by=by
    )
    User.objects.filter(pk=user.pk).update(
        role=Role.VISITOR, region=None, is_staff=user.is_superuser
    )
    _close_invitations_sent_by(user)
    return withdrawal


@transaction.atomic
def withdraw_host(by: User, site: Site, user: User) -> RoleWithdrawal:
    """`user` leaves the team of `site`; an organiser reaching the site decides it."""
    if not (is_organiser(by) and may_invite_to(by, site)):
        raise NotInScope
    if not factories.leave_team(site, user):
        raise PeopleError(_("This person is not in the site's team."))
    _close_invitations_sent_by(user, site=site)
    return RoleWithdrawal.objects.create(
        user=user, role=InvitedRole.HOST, site=site, withdrawn_by=by
    )


@transaction.atomic
def withdraw_relay(by: User, relay: Relay) -> RoleWithdrawal:
    """The relay stops canvassing; an organiser whose region holds its territory (or a
    national one) decides it."""
    departments: list[Department] = list(relay.departments.order_by("code"))
    if not reaches_territory(by, departments):
        raise NotInScope
    user = relay.user
    withdrawal = RoleWithdrawal.objects.create(
        user=user,
        role=InvitedRole.RELAY,
        network=relay.network,
        territory=", ".join(f"{d.name} ({d.code})" for d in departments)[:400],
        withdrawn_by=by,
    )
    outreach.detach_relay(relay)
    if user.role == Role.RELAY:
        User.objects.filter(pk=user.pk).update(role=Role.VISITOR)
    return withdrawal
