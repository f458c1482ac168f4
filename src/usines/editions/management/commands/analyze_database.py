from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = (
        "Refresh the query planner's statistics (ANALYZE). SQLite keeps none by itself: "
        "run it after a bulk load and then nightly; PostgreSQL's autovacuum does it too."
    )

    def handle(self, *args, **options):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write("Planner statistics refreshed.")
