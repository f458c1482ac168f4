"""Phases now open and close registration and bookings (see editions/calendar.py).

Existing phases take the new kinds' names (hosts → registration, schools →
school_bookings, public → public_bookings); two phases of one kind in an edition
become one, from the first start to the last end. So that an existing edition keeps
working as it did when phases only labelled the cockpit, each edition with days gets
the phases it lacks: each audience's bookings over its days' booking windows, the
hosts' registration from 1 January of the year before its first day to the eve of
that day, and the open days themselves. The next migration then holds one phase
of each kind per edition (apart, as PostgreSQL alters no table with rows changed in
the same transaction).
"""

from datetime import date, timedelta

from django.db import migrations, models
from django.utils import timezone

RENAMED = {"hosts": "registration", "schools": "school_bookings", "public": "public_bookings"}
BOOKINGS = {"school": "school_bookings", "public": "public_bookings"}


def _merge_duplicates(Phase) -> None:
    seen = {}
    for phase in Phase.objects.order_by("edition_id", "kind", "starts_on", "pk"):
        key = (phase.edition_id, phase.kind)
        if key not in seen:
            seen[key] = phase
            continue
        kept = seen[key]
        kept.ends_on = max(kept.ends_on, phase.ends_on)
        kept.save(update_fields=["ends_on"])
        phase.delete()


def _missing_phases(edition, days, kinds: set[str], Phase) -> list:
    first, last = days[0].date, days[-1].date
    spans = {}
    for audience, kind in BOOKINGS.items():
        windows = [day for day in days if day.audience == audience]
        if windows:
            opens = min(timezone.localtime(day.bookings_open_at).date() for day in windows)
            closes = max(
                timezone.localtime(day.bookings_close_at - timedelta(microseconds=1)).date()
                for day in windows
            )
            spans[kind] = (opens, max(opens, closes))
    registration_end = first - timedelta(days=1)
    spans["registration"] = (
        min(date(first.year - 1, 1, 1), registration_end),
        registration_end,
    )
    spans["event"] = (first, last)
    return [
        Phase(edition=edition, kind=kind, starts_on=start, ends_on=end)
        for kind, (start, end) in spans.items()
        if kind not in kinds
    ]


def forwards(apps, schema_editor) -> None:
    Edition = apps.get_model("editions", "Edition")
    Phase = apps.get_model("editions", "Phase")
    for old, new in RENAMED.items():
        Phase.objects.filter(kind=old).update(kind=new)
    _merge_duplicates(Phase)
    for edition in Edition.objects.all():
        days = list(edition.days.order_by("date"))
        if not days:
            continue
        kinds = set(Phase.objects.filter(edition=edition).values_list("kind", flat=True))
        Phase.objects.bulk_create(_missing_phases(edition, days, kinds, Phase))


def backwards(apps, schema_editor) -> None:
    Phase = apps.get_model("editions", "Phase")
    Phase.objects.filter(kind="event").delete()
    for old, new in RENAMED.items():
        Phase.objects.filter(kind=new).update(kind=old)


class Migration(migrations.Migration):
    dependencies = [
        ("editions", "0004_search_edition_tagline_en"),
    ]

    operations = [
        migrations.AlterField(
            model_name="phase",
            name="kind",
            field=models.CharField(
                choices=[
                    ("registration", "Hosts' registration"),
                    ("school_bookings", "School bookings"),
                    ("public_bookings", "Public bookings"),
                    ("event", "Open days"),
                    ("closing", "Closing"),
                ],
                max_length=20,
                verbose_name="phase",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
