"""The platform's periodic jobs, each with its one queued run (see services.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """A periodic job (jobs.JOBS names them): how often it runs, how its last run went,
    and `pending_task_id`, the one queued task that runs it next. A task the row does
    not point to does nothing, so a job never has two runs ahead of it; the pointer is
    unique, so no task is two jobs' run either."""

    name = models.CharField(_("job"), max_length=40, unique=True)
    interval = models.DurationField(_("every"))
    next_run_at = models.DateTimeField(_("next run at"))
    pending_task_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    last_run_at = models.DateTimeField(_("last run at"), null=True, blank=True)
    last_succeeded = models.BooleanField(_("last run succeeded"), null=True, blank=True)
    last_count = models.IntegerField(null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return self.name
