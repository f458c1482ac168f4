"""The periodic jobs, each due at its first time: the frequent ones at once, the
nightly ones at their local hour. `manage.py ensure_schedules` queues their first
runs (and adds any job created later)."""

from datetime import datetime, time, timedelta

from django.db import migrations
from django.utils import timezone

JOBS = [
    ("requeue_stale_tasks", timedelta(minutes=5), None),
    ("expire_waitlist_offers", timedelta(minutes=10), None),
    ("refresh_figures", timedelta(minutes=15), None),
    ("purge_class_lists", timedelta(days=1), time(3, 30)),
    ("take_phase_snapshots", timedelta(days=1), time(3, 45)),
    ("analyze_database", timedelta(days=1), time(4, 0)),
]


def _first_run(at, now):
    if at is None:
        return now
    local = timezone.localtime(now)
    candidate = timezone.make_aware(datetime.combine(local.date(), at))
    if candidate <= now:
        candidate = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), at))
    return candidate


def seed(apps, schema_editor):
    ScheduledJob = apps.get_model("scheduling", "ScheduledJob")
    now = timezone.now()
    for name, interval, at in JOBS:
        ScheduledJob.objects.get_or_create(
            name=name, defaults={"interval": interval, "next_run_at": _first_run(at, now)}
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_desk16_scheduled_jobs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
