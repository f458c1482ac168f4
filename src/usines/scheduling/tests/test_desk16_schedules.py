"""The periodic jobs the task worker runs by itself: each run schedules the next, a job
has one pending run whatever happens, and the console shows how each one went."""

import importlib
from datetime import datetime, time, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from usines.accounts.models import Role, User
from usines.scheduling import jobs, services
from usines.scheduling.models import ScheduledJob

pytestmark = pytest.mark.django_db
EXPIRY = "expire_waitlist_offers"


@pytest.fixture
def worker(monkeypatch):
    """Run the real task worker once over what is due (see conftest.deliver_emails)."""
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("db_worker", batch=True, verbosity=0)


def _pending(name: str):
    return services._runs_of(name).filter(status=TaskResultStatus.READY)


def _job(name: str) -> ScheduledJob:
    return ScheduledJob.objects.get(name=name)


def test_each_job_gets_exactly_one_pending_run_however_often_it_is_ensured():
    ScheduledJob.objects.all().delete()

    assert services.ensure_schedules() == list(jobs.JOBS)
    assert services.ensure_schedules() == []

    for name in jobs.JOBS:
        pending = _pending(name)
        assert pending.count() == 1
        assert pending.get().pk == _job(name).pending_task_id


def test_running_a_job_does_its_work_and_queues_its_next_run(worker):
    services.ensure_schedules()
    first = _job(EXPIRY)

    worker()

    job = _job(EXPIRY)
    assert job.last_succeeded is True and job.last_count == 0
    assert job.last_run_at >= first.next_run_at
    assert job.next_run_at == first.next_run_at + timedelta(minutes=10)
    assert job.pending_task_id != first.pending_task_id
    assert _pending(EXPIRY).get().run_after == job.next_run_at
    assert DBTaskResult.objects.get(pk=first.pending_task_id).status == TaskResultStatus.SUCCESSFUL
    # The nightly jobs are not due yet: untouched.
    assert _job("purge_class_lists").last_run_at is None


def test_a_stray_run_does_nothing_and_the_next_ensure_removes_strays(worker):
    services.ensure_schedules()
    stray = services.run_scheduled_job.enqueue(EXPIRY)
    before = _job(EXPIRY)

    assert services.run_job(EXPIRY, str(stray.id)) is None
    assert _job(EXPIRY).last_run_at is None

    services.ensure_schedules()
    assert list(_pending(EXPIRY).values_list("pk", flat=True)) == [before.pending_task_id]


def test_a_lost_or_abandoned_run_is_queued_again():
    services.ensure_schedules()
    lost = _job(EXPIRY)
    DBTaskResult.objects.filter(pk=lost.pending_task_id).delete()
    abandoned = _job("refresh_figures")
    DBTaskResult.objects.filter(pk=abandoned.pending_task_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )

    assert services.ensure_schedules() == [EXPIRY, "refresh_figures"]
    assert _pending(EXPIRY).get().pk == _job(EXPIRY).pending_task_id


def test_a_failing_job_records_its_error_and_still_schedules_its_next_run(worker, monkeypatch):
    def broken() -> int:
        raise RuntimeError("disk full")

    monkeypatch.setitem(
        jobs.JOBS, EXPIRY, jobs.Job(EXPIRY, "x", timedelta(minutes=10), broken, str)
    )
    services.ensure_schedules()
    first = _job(EXPIRY)

    worker()

    job = _job(EXPIRY)
    assert job.last_succeeded is False and job.last_error == "RuntimeError: disk full"
    assert DBTaskResult.objects.get(pk=first.pending_task_id).status == TaskResultStatus.FAILED
    assert _pending(EXPIRY).get().pk == job.pending_task_id


def test_a_job_late_by_several_turns_runs_once_then_keeps_its_rhythm():
    job = jobs.JOBS[EXPIRY]
    due = timezone.now() - timedelta(minutes=35)
    scheduled = ScheduledJob(name=EXPIRY, interval=job.interval, next_run_at=due)

    following = services.following_run(scheduled, job, timezone.now())

    assert following == due + timedelta(minutes=40)


def test_a_nightly_job_runs_at_its_local_time_every_day():
    tz = timezone.get_current_timezone()
    evening = datetime(2027, 3, 27, 22, 0, tzinfo=tz)  # the eve of the change to summer time

    first = services.next_local_time(time(3, 30), evening)
    second = services.next_local_time(time(3, 30), first)

    assert timezone.localtime(first).replace(tzinfo=None) == datetime(2027, 3, 28, 3, 30)
    assert timezone.localtime(second).replace(tzinfo=None) == datetime(2027, 3, 29, 3, 30)


def test_the_seed_migration_names_the_jobs_the_code_runs():
    seeds = [
        importlib.import_module(f"usines.scheduling.migrations.{path.stem}")
        for path in sorted((Path(services.__file__).parent / "migrations").glob("0*.py"))
    ]
    seeded = [job for seed in seeds for job in getattr(seed, "JOBS", [])]

    assert {name: (interval, at) for name, interval, at in seeded} == {
        job.name: (job.interval, job.at) for job in jobs.JOBS.values()
    }


def test_the_console_shows_each_job_s_last_run_outcome_and_next_run(client, worker):
    services.ensure_schedules()
    worker()
    DBTaskResult.objects.filter(pk=_job("analyze_database").pending_task_id).delete()
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    client.force_login(organiser)

    page = client.get("/organisation/travaux-planifies/", HTTP_ACCEPT_LANGUAGE="en")

    text = page.content.decode()
    row = text[text.index('id="job-expire_waitlist_offers"') :].split("</tr>")[0]
    assert "Every 10 minutes" in row and "0 offers expired" in row
    assert timezone.localtime(_job(EXPIRY).next_run_at).strftime("%H:%M") in row
    nightly = text[text.index('id="job-analyze_database"') :].split("</tr>")[0]
    assert "Every day at 04:00" in nightly and "Not queued" in nightly
    assert client.get("/organisation/travaux-planifies/").status_code == 200
    client.force_login(User.objects.create_user("v@example.org", "v@example.org", "pw"))
    assert client.get("/organisation/travaux-planifies/").status_code == 404
