from django.core.management.base import BaseCommand

from usines.privacy.models import PurgeTrigger
from usines.privacy.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Delete the personal data past their retention (classes' special needs the day "
        "after the visit; bookings, waiting lists, classes and survey links of editions "
        "ended PERSONAL_DATA_MONTHS ago), keep the counts, and log the purge."
    )

    def handle(self, *args, **options):
        log = purge_personal_data(trigger=PurgeTrigger.COMMAND)
        for label, count in log.counts():
            self.stdout.write(f"{label}: {count}")
        self.stdout.write(f"Editions purged: {log.editions or '-'}")
