"""The jobs added for after the visit: the evening survey, the next edition list's
unconfirmed requests, the personal data purge (see scheduling/jobs.py)."""

import importlib
from datetime import time, timedelta

from django.db import migrations
from django.utils import timezone

JOBS = [
    ("purge_mailinglist_requests", timedelta(days=1), time(3, 35)),
    ("purge_personal_data", timedelta(days=1), time(3, 35)),
    ("send_after_surveys", timedelta(days=1), time(19, 0)),
]

first_run = importlib.import_module("usines.scheduling.migrations.0002_desk16_seed_jobs")._first_run


def seed(apps, schema_editor):
    ScheduledJob = apps.get_model("scheduling", "ScheduledJob")
    now = timezone.now()
    for name, interval, at in JOBS:
        ScheduledJob.objects.get_or_create(
            name=name, defaults={"interval": interval, "next_run_at": first_run(at, now)}
        )


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0002_desk16_seed_jobs")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
