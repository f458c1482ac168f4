from django.core.management.base import BaseCommand, CommandError

from usines.schools.directory import import_directory


class Command(BaseCommand):
    help = "Import the Éducation nationale school directory CSV (see schools/directory.py)."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            with open(path, encoding="utf-8-sig", newline="") as handle:
                report = import_directory(handle)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{report.imported} schools imported, {report.skipped} rows skipped.")
