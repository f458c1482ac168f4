"""The platform's scheduled work as the task worker runs it (scheduling): each job's
last run and how it went, and its next run; below, the personal-data purges with
what each deleted (privacy.PurgeLog)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET

from usines.factories.scope import is_organiser
from usines.privacy.models import PurgeLog
from usines.scheduling.jobs import Job
from usines.scheduling.services import schedule_overview

PURGES_SHOWN = 30


def every(job: Job, interval: timedelta) -> str:
    """How often a job runs, in words."""
    if job.at:
        return _("Every day at %(time)s") % {"time": job.at.strftime("%H:%M")}
    minutes = int(interval.total_seconds() // 60)
    if minutes % 60:
        return ngettext("Every minute", "Every %(n)s minutes", minutes) % {"n": minutes}
    hours = minutes // 60
    return ngettext("Every hour", "Every %(n)s hours", hours) % {"n": hours}


@login_required
@require_GET
def scheduled_jobs(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    return render(
        request,
        "console/scheduled_jobs.html",
        {
            "jobs": [
                (status, every(status.job, status.scheduled.interval))
                for status in schedule_overview()
            ],
            "purges": PurgeLog.objects.all()[:PURGES_SHOWN],
            "months": settings.PERSONAL_DATA_MONTHS,
            "purge_fields": [PurgeLog._meta.get_field(name) for name in PurgeLog.COUNTS],
        },
    )
