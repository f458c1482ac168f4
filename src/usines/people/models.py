"""Who may act for the event: invitations to a role and the record of roles withdrawn.

A role is never typed in a form: an organiser (or a host, for its own site) invites an
e-mail address, and the person holding that confirmed address accepts. One model for
every role, because the rules are one: e-mailed, single-use, expiring, bound to the
address. It lives above `factories` and `outreach` since an invitation names a site
or a partner network.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines.factories.models import new_secret


class InvitedRole(models.TextChoices):
    ORGANISER = "organiser", _("Organiser")
    HOST = "host", _("Host of a site")
    RELAY = "relay", _("Relay of a partner network")


class InvitationQuerySet(models.QuerySet):
    def open(self) -> "InvitationQuerySet":
        """Neither accepted nor expired."""
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An address invited to a role: an organiser (national, or of `region`), a host
    of `site`, or a relay of `network` canvassing `departments` (a whole region is
    stored as its departments). The token in the e-mailed link is the secret."""

    role = models.CharField(_("role"), max_length=12, choices=InvitedRole.choices)
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    region = models.ForeignKey(
        "reference.Region",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    site = models.ForeignKey(
        "factories.Site",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("site"),
    )
    network = models.ForeignKey(
        "outreach.Network",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="invitations",
        verbose_name=_("partner network"),
    )
    departments = models.ManyToManyField(
        "reference.Department", blank=True, related_name="+", verbose_name=_("departments")
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role="host") | Q(site__isnull=False), name="host_invitation_site"
            ),
            models.CheckConstraint(
                condition=~Q(role="relay") | Q(network__isnull=False),
                name="relay_invitation_network",
            ),
        ]
        indexes = [models.Index(fields=["email"], name="invitation_email")]

    def __str__(self) -> str:
        return f"{self.email} → {self.get_role_display()}"

    @property
    def is_open(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class RoleWithdrawal(models.Model):
    """A role taken back from someone: what it was, who took it back and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=12, choices=InvitedRole.choices)
    region = models.ForeignKey(
        "reference.Region", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    site = models.ForeignKey(
        "factories.Site", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey(
        "outreach.Network", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    territory = models.CharField(_("territory"), max_length=400, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-withdrawn_at", "-pk"]
        verbose_name = _("role withdrawn")
        verbose_name_plural = _("roles withdrawn")

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
