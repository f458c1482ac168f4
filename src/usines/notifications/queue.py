"""The task queue's upkeep: tasks a killed worker left half-run."""

from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

STALE_SECONDS = 600


def requeue_stale_tasks(older_than_seconds: int = STALE_SECONDS) -> int:
    """Put back in the queue the tasks a worker took and never finished (the worker was
    killed or its machine stopped): the next worker runs them again. Every e-mail that
    must go out once carries a once-key, so running it twice sends it once. Returns
    how many were put back."""
    started_before = timezone.now() - timedelta(seconds=older_than_seconds)
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lte=started_before
    ).update(status=TaskResultStatus.READY, started_at=None)
