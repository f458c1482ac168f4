"""A reference loaded before its sources were recorded gets one, named after the label
its counts carry, so that the representativeness monitor can show where it came from."""

from django.db import migrations
from django.db.models import Sum


def record_sources(apps, schema_editor):
    ReferenceCount = apps.get_model("outreach", "ReferenceCount")
    ReferenceSource = apps.get_model("outreach", "ReferenceSource")
    for kind, counts in (
        ("establishments", ReferenceCount.objects.filter(size="")),
        ("sizes", ReferenceCount.objects.exclude(size="")),
    ):
        label = counts.values_list("source", flat=True).first()
        if label is not None:
            ReferenceSource.objects.create(
                kind=kind,
                label=label,
                establishments=counts.aggregate(n=Sum("establishments"))["n"],
            )


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_desk16_reference_sources")]

    operations = [migrations.RunPython(record_sources, migrations.RunPython.noop)]
