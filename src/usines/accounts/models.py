"""Users and their role; each role is scoped (host → its sites, organiser → a region or all)."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    VISITOR = "visitor", _("Visitor")
    HOST = "host", _("Factory host")
    TEACHER = "teacher", _("Teacher")
    RELAY = "relay", _("Partner-network relay")
    ORGANISER = "organiser", _("Organiser")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.VISITOR)
    region = models.ForeignKey(
        "reference.Region",
        models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("region"),
        help_text=_(
            "Regional organisers and relays act in this region only; empty means national."
        ),
    )

    email_confirmed_at = models.DateTimeField(
        _("e-mail confirmed at"),
        null=True,
        blank=True,
        help_text=_("Set once, by the sign-up confirmation link; the link then no longer works."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_national_organiser(self) -> bool:
        return self.role == Role.ORGANISER and self.region_id is None
