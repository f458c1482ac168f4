"""Every booking made before the help desk gets its searchable name."""

from django.db import migrations

from usines.reference.text import normalise

BATCH = 2000


def fill_search_names(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    last = 0
    while rows := list(
        Booking.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name")[:BATCH]
    ):
        Booking.objects.bulk_update(
            [Booking(pk=pk, search_name=normalise(name)[:150]) for pk, name in rows],
            ["search_name"],
        )
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("bookings", "0006_desk16_help_desk")]

    operations = [migrations.RunPython(fill_search_names, migrations.RunPython.noop)]
