from django.core.management.base import BaseCommand

from usines.notifications.queue import STALE_SECONDS, requeue_stale_tasks


class Command(BaseCommand):
    help = (
        "Put back in the queue the tasks a worker took and never finished (the worker "
        "was killed or its machine stopped): the next worker runs them again. The task "
        "worker runs it every few minutes by itself (docs/operations.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            default=STALE_SECONDS,
            help=f"seconds a task may run before it counts as abandoned (default {STALE_SECONDS})",
        )

    def handle(self, *args, **options):
        count = requeue_stale_tasks(options["older_than"])
        if options["verbosity"]:
            self.stdout.write(f"{count} abandoned tasks back in the queue.")
