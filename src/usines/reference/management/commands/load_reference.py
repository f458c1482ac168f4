from collections import Counter

from django.core.management.base import BaseCommand

from usines.reference.loading import load_reference_data
from usines.reference.models import Commune


class Command(BaseCommand):
    help = "Load regions, departments, communes (with postcodes and coordinates) and NAF codes."

    def handle(self, *args, **options):
        report = load_reference_data()
        precision = Counter(Commune.objects.values_list("coordinate_precision", flat=True))
        matched = precision.get("place", 0)
        self.stdout.write(
            f"{report.regions} regions, {report.departments} departments, "
            f"{report.communes} communes, {report.postcodes} postcode links, "
            f"{report.naf_codes} NAF codes loaded."
        )
        self.stdout.write(
            f"Coordinates matched to a place: {matched} of {report.communes} communes "
            f"({matched / max(report.communes, 1):.1%}); "
            f"postcode centre: {precision.get('postcode', 0)}; "
            f"department centre: {precision.get('department', 0)}."
        )
