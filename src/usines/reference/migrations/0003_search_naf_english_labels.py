import csv
from pathlib import Path

from django.db import migrations, models

NAF_EN = Path(__file__).resolve().parent.parent / "data" / "naf_en.csv"


def fill_english_labels(apps, schema_editor):
    """Databases loaded before the English labels get them without a new load_reference."""
    models_by_level = {
        "section": apps.get_model("reference", "NafSection"),
        "division": apps.get_model("reference", "NafDivision"),
    }
    with NAF_EN.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            models_by_level[row["level"]].objects.filter(code=row["code"]).update(
                label_en=row["label_en"]
            )


class Migration(migrations.Migration):
    dependencies = [
        ("reference", "0002_jobs_and_sectors"),
    ]

    operations = [
        migrations.AddField(
            model_name="nafdivision",
            name="label_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="label in English"),
        ),
        migrations.AddField(
            model_name="nafsection",
            name="label_en",
            field=models.CharField(blank=True, max_length=250, verbose_name="label in English"),
        ),
        migrations.RunPython(fill_english_labels, migrations.RunPython.noop),
    ]
