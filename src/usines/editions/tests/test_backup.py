"""A backup restores into a fresh database with every row."""

import os
import shutil
import sqlite3
import subprocess
import uuid

import pytest
from django.core.management import call_command
from django.db import connection

from usines.bookings.models import Booking
from usines.bookings.services import Contact, book_visit
from usines.factories.models import Participation, Slot
from usines.testsupport import SlotFactory

TABLES = {
    "bookings_booking": Booking,
    "factories_slot": Slot,
    "factories_participation": Participation,
}


def _some_bookings() -> dict[str, int]:
    slot = SlotFactory(capacity=20)
    for n in range(5):
        book_visit(slot.pk, 2, Contact(f"Visiteur {n}", f"v{n}@example.org", "74300"))
    return {table: model.objects.count() for table, model in TABLES.items()}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backup")
def test_a_sqlite_online_backup_holds_every_row(tmp_path):
    counts = _some_bookings()

    call_command("backup_database", str(tmp_path / "backup.sqlite3"), verbosity=0)

    with sqlite3.connect(tmp_path / "backup.sqlite3") as restored:
        found = {t: restored.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}  # noqa: S608
    assert found == counts
    assert counts["bookings_booking"] == 5


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql" or not shutil.which("pg_restore"),
    reason="the PostgreSQL dump",
)
def test_a_pg_dump_restores_into_a_fresh_database_with_every_row(tmp_path):
    counts = _some_bookings()
    call_command("backup_database", str(tmp_path / "backup.dump"), verbosity=0)
    settings = connection.settings_dict
    fresh = f"restore_{uuid.uuid4().hex[:8]}"
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    where = [
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER')}",
    ]
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(  # noqa: S603
            [
                shutil.which("pg_restore"),
                *where,
                f"--dbname={fresh}",
                str(tmp_path / "backup.dump"),
            ],
            env=environment,
            check=True,
            capture_output=True,
        )
        found = {}
        for table in TABLES:
            result = subprocess.run(  # noqa: S603
                [shutil.which("psql"), *where, "-tAc", f"SELECT count(*) FROM {table}", fresh],  # noqa: S608
                env=environment,
                check=True,
                capture_output=True,
                text=True,
            )
            found[table] = int(result.stdout.strip())
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
    assert found == counts
