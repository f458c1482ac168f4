from django.core.management.base import BaseCommand

from usines.scheduling.services import ensure_schedules


class Command(BaseCommand):
    help = (
        "Give every periodic job (expiring offers, purging class lists, snapshots, "
        "figures, database statistics, stale tasks) its one queued run in the task "
        "worker, re-queuing any job whose run was lost. Idempotent: run it after each "
        "deployment and before starting the worker (docs/operations.md)."
    )

    def handle(self, *args, **options):
        queued = ensure_schedules()
        if options["verbosity"]:
            self.stdout.write(
                f"Queued: {', '.join(queued)}." if queued else "Every job already has its run."
            )
