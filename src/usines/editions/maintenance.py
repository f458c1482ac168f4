"""The database's upkeep that the platform does itself."""

from django.db import connection


def analyze_database(nightly: bool = False) -> bool:
    """Refresh the query planner's statistics (ANALYZE): after a bulk load on any
    database, and nightly on SQLite, which keeps none by itself (`nightly` leaves
    PostgreSQL alone: its autovacuum does it). Returns whether it ran."""
    if nightly and connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True
