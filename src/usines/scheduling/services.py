"""Periodic jobs run by the task worker itself, on top of django-tasks (which has no
periodic scheduler): no crontab to install.

Each job is a chain of `run_scheduled_job` tasks. A run does the job's work, then, in
one transaction under the job's row lock, records how it went and enqueues the next
run with `run_after` at the next time due, whose id it keeps as the job's one pending
run (`ScheduledJob.pending_task_id`). A run the row does not point to (a stray, left
by a repair) does nothing, so a job runs once per turn however many tasks name it; a
failing job still schedules its next run, then fails its task with the traceback.

`ensure_schedules` (after each deployment and before the worker starts) creates the
missing rows and re-queues any job whose pending run is gone: never queued, deleted,
or taken by a worker that died. It is idempotent.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskContext, task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from usines.notifications.queue import STALE_SECONDS
from usines.scheduling.jobs import JOBS, Job
from usines.scheduling.models import ScheduledJob


def next_local_time(at: time, after: datetime) -> datetime:
    """The first moment after `after` when the local clock reads `at`."""
    local = timezone.localtime(after)
    candidate = timezone.make_aware(datetime.combine(local.date(), at))
    if candidate <= after:
        candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), at))
    return candidate


def first_run(job: Job, now: datetime) -> datetime:
    return next_local_time(job.at, now) if job.at else now


def following_run(scheduled: ScheduledJob, job: Job, now: datetime) -> datetime:
    """When the job runs next: a daily job at its local time; any other every
    `interval` from its last due time, skipping the turns missed while no worker ran."""
    if job.at:
        return next_local_time(job.at, now)
    due = scheduled.next_run_at
    turns = (now - due) // scheduled.interval + 1 if now >= due else 1
    return due + turns * scheduled.interval


def _queue(scheduled: ScheduledJob, when: datetime) -> None:
    """Enqueue the job's next run at `when` and keep it as its one pending run (the
    caller holds the row's lock and saves it)."""
    result = run_scheduled_job.using(run_after=when).enqueue(scheduled.name)
    scheduled.next_run_at = when
    scheduled.pending_task_id = uuid.UUID(str(result.id))


def _runs_of(name: str):
    return DBTaskResult.objects.filter(
        task_path=run_scheduled_job.module_path, args_kwargs__args__0=name
    )


def _alive(now: datetime) -> Q:
    """Tasks that will run: waiting, or running in a worker that has not died (one
    running for longer is put back in the queue by `requeue_stale_tasks`)."""
    return Q(status=TaskResultStatus.READY) | Q(
        status=TaskResultStatus.RUNNING, started_at__gt=now - timedelta(seconds=STALE_SECONDS)
    )


def _is_queued(scheduled: ScheduledJob, now: datetime) -> bool:
    if scheduled.pending_task_id is None:
        return False
    return DBTaskResult.objects.filter(_alive(now), pk=scheduled.pending_task_id).exists()


def run_job(name: str, run_id: str) -> int | None:
    """Run job `name` if `run_id` is its pending run; returns what the job counted, or
    None for a run its job no longer expects."""
    job = JOBS.get(name)
    scheduled = ScheduledJob.objects.filter(name=name).first()
    if job is None or scheduled is None or scheduled.pending_task_id != uuid.UUID(run_id):
        return None
    started = timezone.now()
    try:
        count = job.run()
    except Exception as error:
        _finish(job, run_id, started, None, f"{type(error).__name__}: {error}")
        raise
    _finish(job, run_id, started, count, "")
    return count


def _finish(job: Job, run_id: str, started: datetime, count: int | None, error: str) -> None:
    with transaction.atomic():
        scheduled = ScheduledJob.objects.select_for_update().get(name=job.name)
        if scheduled.pending_task_id != uuid.UUID(run_id):
            return  # replaced meanwhile by ensure_schedules: its own run goes on
        scheduled.last_run_at = started
        scheduled.last_succeeded = not error
        scheduled.last_count = count
        scheduled.last_error = error[:2000]
        _queue(scheduled, following_run(scheduled, job, timezone.now()))
        scheduled.save()


@task(takes_context=True)
def run_scheduled_job(context: TaskContext, name: str) -> int | None:
    """One run of a periodic job, which schedules the next (see the module's doc)."""
    return run_job(name, str(context.task_result.id))


def ensure_schedules(now: datetime | None = None) -> list[str]:
    """Give every job of JOBS its row and exactly one queued run; forget the rows of
    jobs that no longer exist. Returns the names of the jobs (re)queued."""
    now = now or timezone.now()
    queued = []
    for job in JOBS.values():
        with transaction.atomic():
            scheduled, _created = ScheduledJob.objects.select_for_update().get_or_create(
                name=job.name,
                defaults={"interval": job.interval, "next_run_at": first_run(job, now)},
            )
            if not _is_queued(scheduled, now):
                _queue(scheduled, max(scheduled.next_run_at, now))
                scheduled.save()
                queued.append(job.name)
            strays = _runs_of(job.name).filter(status=TaskResultStatus.READY)
            strays.exclude(pk=scheduled.pending_task_id).delete()
    ScheduledJob.objects.exclude(name__in=JOBS).delete()
    return queued


@dataclass(frozen=True)
class JobStatus:
    job: Job
    scheduled: ScheduledJob
    queued: bool

    @property
    def outcome(self) -> str:
        if self.scheduled.last_succeeded is None:
            return ""
        if not self.scheduled.last_succeeded:
            return self.scheduled.last_error
        return self.job.outcome(self.scheduled.last_count or 0)


def schedule_overview(now: datetime | None = None) -> list[JobStatus]:
    """Every known job with its last run, its outcome in words and its next run."""
    now = now or timezone.now()
    rows = {row.name: row for row in ScheduledJob.objects.filter(name__in=JOBS)}
    pending = [row.pending_task_id for row in rows.values() if row.pending_task_id]
    alive = set(
        DBTaskResult.objects.filter(_alive(now), pk__in=pending).values_list("pk", flat=True)
    )
    return [
        JobStatus(job, rows[name], rows[name].pending_task_id in alive)
        for name, job in JOBS.items()
        if name in rows
    ]
