"""The jobs of the empty places on the day: releasing no-shows every minute, the
reminders every quarter of an hour (see scheduling/jobs.py)."""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

JOBS = [
    ("release_no_shows", timedelta(minutes=1), None),
    ("send_reminders", timedelta(minutes=15), None),
]


def seed(apps, schema_editor):
    ScheduledJob = apps.get_model("scheduling", "ScheduledJob")
    now = timezone.now()
    for name, interval, _at in JOBS:
        ScheduledJob.objects.get_or_create(
            name=name, defaults={"interval": interval, "next_run_at": now}
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0003_after_visit_seed_jobs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
