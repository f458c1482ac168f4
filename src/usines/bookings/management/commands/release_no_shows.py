from django.core.management.base import BaseCommand

from usines.bookings.release import release_due_places


class Command(BaseCommand):
    help = (
        "Release the places of visitors not checked in by their slot's release time and "
        "offer them to the short-notice waiting list."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{release_due_places()} places released.")
