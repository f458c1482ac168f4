from django.core.management.base import BaseCommand

from usines.bookings.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Queue the reminders due before the visits, and where the edition says so warn "
        "and release the bookings that did not answer."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due_reminders()} reminders queued.")
