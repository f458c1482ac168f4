"""Every booking made before the help desk gets its searchable names."""

from django.db import migrations

from usines.bookings.models import search_names

BATCH = 2000


def fill_search_names(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    last = 0
    while rows := list(
        Booking.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "name")[:BATCH]
    ):
        updated = []
        for pk, name in rows:
            typed, surname_first = search_names(name)
            updated.append(Booking(pk=pk, search_name=typed[:150], search_surname=surname_first[:150]))
        Booking.objects.bulk_update(updated, ["search_name", "search_surname"])
        last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("bookings", "0006_desk16_help_desk")]

    operations = [migrations.RunPython(fill_search_names, migrations.RunPython.noop)]
