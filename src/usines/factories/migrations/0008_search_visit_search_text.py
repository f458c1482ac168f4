from django.db import migrations, models

from usines.reference.text import normalise


def fill_search_text(apps, schema_editor):
    Visit = apps.get_model("factories", "Visit")
    for visit in Visit.objects.only("pk", "title", "description").iterator(chunk_size=2000):
        text = normalise(" ".join(part for part in (visit.title, visit.description) if part))
        Visit.objects.filter(pk=visit.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [
        ("factories", "0007_tickets_meeting_point"),
    ]

    operations = [
        migrations.AddField(
            model_name="visit",
            name="search_text",
            field=models.TextField(default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
