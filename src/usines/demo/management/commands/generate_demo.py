import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from usines.demo.generate import DEMO_SLUG_PREFIX, delete_demo_editions, generate_demo
from usines.editions.models import Edition
from usines.reports.figures import refresh


class Command(BaseCommand):
    help = "Build a realistic, fictitious national edition (deterministic for a seed)."

    def add_arguments(self, parser):
        parser.add_argument("--factories", type=int, default=300)
        parser.add_argument("--bookings", type=int, default=20_000)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--reset", action="store_true", help="Delete the existing demo edition first."
        )

    def handle(self, *args, factories, bookings, seed, reset, **options):
        existing = Edition.objects.filter(slug__startswith=DEMO_SLUG_PREFIX).first()
        if existing and not reset:
            self.stdout.write(f"Demo edition already there: {existing} (use --reset to rebuild).")
            return
        if existing:
            delete_demo_editions()
        started = time.monotonic()

        def progress(message: str) -> None:
            self.stdout.write(f"  … {message} ({time.monotonic() - started:.0f} s)")

        report = generate_demo(factories=factories, bookings=bookings, seed=seed, progress=progress)
        # Fresh statistics for the query planner, as autovacuum would give them later.
        call_command("analyze_database", verbosity=0)
        progress("dashboard figures")
        refresh(report.edition)
        self.stdout.write(
            self.style.SUCCESS(
                f"{report.edition}: {report.factories} factories, {report.slots} slots, "
                f"{report.bookings} bookings, {report.waitlisted} waiting-list entries "
                f"in {time.monotonic() - started:.0f} s."
            )
        )
