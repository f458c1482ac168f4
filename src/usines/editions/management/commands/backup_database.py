import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = (
        "Back the database up to a file while the site runs: SQLite's online backup "
        "(a consistent copy, writers keep going), or pg_dump's custom format on "
        "PostgreSQL. docs/operations.md says how to restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="the backup file to write")

    def handle(self, *args, **options):
        target = Path(options["target"]).resolve()
        target.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            with sqlite3.connect(target) as copy:
                connection.connection.backup(copy)
        elif connection.vendor == "postgresql":
            self._pg_dump(target)
        else:
            raise CommandError(f"No backup for the {connection.vendor} database.")
        if options["verbosity"]:
            self.stdout.write(f"Backup written to {target}.")

    def _pg_dump(self, target: Path) -> None:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError("pg_dump is not installed (Debian: postgresql-client).")
        settings = connection.settings_dict
        environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        command = [
            pg_dump,
            "--format=custom",
            f"--file={target}",
            f"--host={settings.get('HOST') or 'localhost'}",
            f"--port={settings.get('PORT') or 5432}",
            f"--username={settings.get('USER') or ''}",
            settings["NAME"],
        ]
        result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
        if result.returncode:
            raise CommandError(result.stderr.strip())
