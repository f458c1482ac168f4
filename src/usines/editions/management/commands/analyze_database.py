from django.core.management.base import BaseCommand

from usines.editions.maintenance import analyze_database


class Command(BaseCommand):
    help = (
        "Refresh the query planner's statistics (ANALYZE). SQLite keeps none by itself: "
        "run it after a bulk load; the task worker runs it nightly. PostgreSQL's "
        "autovacuum does it too."
    )

    def handle(self, *args, **options):
        analyze_database()
        if options["verbosity"]:
            self.stdout.write("Planner statistics refreshed.")
