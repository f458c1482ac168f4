from django.core.management.base import BaseCommand

from usines.editions.models import Edition
from usines.factories.models import Participation
from usines.reports.services import open_phase_snapshots


class Command(BaseCommand):
    help = "Keep the representativeness snapshot of every phase that has ended (run daily)."

    def handle(self, *args, **options):
        edition = Edition.objects.current()
        if edition is None:
            self.stdout.write("No current edition.")
            return
        made = open_phase_snapshots(edition, Participation.objects.filter(edition=edition))
        self.stdout.write(f"{len(made)} snapshots kept.")
