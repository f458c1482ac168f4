"""The prospects already there are attached to the current edition (the published one
whose days come next, else the latest), so that a status no longer carries over from
one year to the next."""

from django.db import migrations
from django.utils import timezone


def current_or_latest(Edition):
    published = Edition.objects.filter(is_published=True)
    upcoming = (
        published.filter(days__date__gte=timezone.localdate()).order_by("days__date").first()
    )
    return (
        upcoming
        or published.order_by("-year", "-pk").first()
        or Edition.objects.order_by("-year", "-pk").first()
    )


def attach_to_current_edition(apps, schema_editor):
    Prospect = apps.get_model("outreach", "Prospect")
    if not Prospect.objects.filter(edition__isnull=True).exists():
        return
    edition = current_or_latest(apps.get_model("editions", "Edition"))
    if edition is None:
        raise RuntimeError(
            "Prospects exist but no edition does: create the edition they are for first."
        )
    Prospect.objects.filter(edition__isnull=True).update(edition=edition)


class Migration(migrations.Migration):
    dependencies = [("outreach", "0002_people16_prospect_edition")]

    operations = [migrations.RunPython(attach_to_current_edition, migrations.RunPython.noop)]
