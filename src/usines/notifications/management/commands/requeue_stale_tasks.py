from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks a worker took and never finished (the worker "
        "was killed or its machine stopped): the next worker runs them again. Every "
        "e-mail that must go out once carries a once-key, so running it twice sends "
        "it once. Run it every few minutes (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=600,
            help="seconds a task may run before it counts as abandoned (default 600)",
        )

    def handle(self, *args, **options):
        started_before = timezone.now() - timedelta(seconds=options["older_than"])
        count = DBTaskResult.objects.filter(
            status=TaskResultStatus.RUNNING, started_at__lte=started_before
        ).update(status=TaskResultStatus.READY, started_at=None)
        if options["verbosity"]:
            self.stdout.write(f"{count} abandoned tasks back in the queue.")
