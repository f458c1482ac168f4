"""At most one phase of each kind per edition (0005 merged any two)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("editions", "0005_editions16_phase_kinds"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="phase",
            constraint=models.UniqueConstraint(
                fields=("edition", "kind"), name="one_phase_per_kind"
            ),
        ),
    ]
