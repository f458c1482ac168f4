from django.core.management.base import BaseCommand

from usines.bookings.services import expire_due_offers


class Command(BaseCommand):
    help = (
        "Expire waiting-list offers past their deadline and offer the places to the next entries."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{expire_due_offers()} offers expired.")
