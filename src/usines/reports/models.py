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
