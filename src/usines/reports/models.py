"""What is kept of a moment of the edition, so that its evolution can be shown."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """The representativeness comparison as it stood at the end of a phase."""

    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="snapshots")
    label = models.CharField(_("label"), max_length=120)
    taken_at = models.DateTimeField(_("taken at"), auto_now_add=True)
    data = models.JSONField(_("figures"))

    class Meta:
        ordering = ["taken_at"]
        verbose_name = _("snapshot")
        verbose_name_plural = _("snapshots")

    def __str__(self) -> str:
        return self.label


class EditionFigures(models.Model):
    """The edition's dashboard figures as grouped cells (see reports.figures), kept so
    that no page counts a million bookings; rebuilt by a task when they age."""

    edition = models.OneToOneField("editions.Edition", models.CASCADE, related_name="figures")
    computed_at = models.DateTimeField(_("computed at"))
    requested_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(_("figures"))

    class Meta:
        verbose_name = _("edition figures")
        verbose_name_plural = _("edition figures")

    def __str__(self) -> str:
        return f"{self.edition} ({self.computed_at:%Y-%m-%d %H:%M})"
