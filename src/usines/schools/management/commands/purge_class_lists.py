from django.core.management.base import BaseCommand

from usines.schools.services import purge_class_lists


class Command(BaseCommand):
    help = "Delete the class name lists of visits whose day is over (run daily)."

    def handle(self, *args, **options):
        deleted = purge_class_lists()
        self.stdout.write(f"{deleted} class lists deleted.")
