"""The record of every retention purge: when, what started it, and how many rows of
each kind lost their personal data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PurgeTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled job")
    COMMAND = "command", _("Command")


class PurgeLog(models.Model):
    ran_at = models.DateTimeField(_("run at"), auto_now_add=True)
    trigger = models.CharField(_("started by"), max_length=10, choices=PurgeTrigger.choices)
    cutoff = models.DateField(
        _("editions ended before"),
        help_text=_("Editions whose last day is before this date lose their personal data."),
    )
    editions = models.CharField(_("editions purged"), max_length=500, blank=True)
    class_notes = models.PositiveIntegerField(_("classes' special needs and notes deleted"))
    class_lists = models.PositiveIntegerField(_("class name lists deleted"))
    bookings = models.PositiveIntegerField(_("bookings anonymised"))
    waitlist_entries = models.PositiveIntegerField(_("waiting-list entries anonymised"))
    classes = models.PositiveIntegerField(_("classes anonymised"))
    coach_drivers = models.PositiveIntegerField(_("coach drivers' contacts deleted"))
    survey_links = models.PositiveIntegerField(_("survey links deleted"))
    bookings_links = models.PositiveIntegerField(_("expired links to one's bookings deleted"))
    sent_emails = models.PositiveIntegerField(_("lines of the e-mail log deleted"))
    ballot_entries = models.PositiveIntegerField(_("ballot entries anonymised"), default=0)

    COUNTS = (
        "class_notes",
        "class_lists",
        "bookings",
        "waitlist_entries",
        "classes",
        "coach_drivers",
        "survey_links",
        "bookings_links",
        "sent_emails",
        "ballot_entries",
    )

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("personal data purge")
        verbose_name_plural = _("personal data purges")

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d %H:%M} – {self.get_trigger_display()}"

    def counts(self) -> list[tuple[str, int]]:
        """(label, number) of each kind, for the console."""
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, name)) for name in self.COUNTS
        ]

    @property
    def total(self) -> int:
        return sum(getattr(self, name) for name in self.COUNTS)
