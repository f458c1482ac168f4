"""Prospects belong to an edition (attached in 0003, required in 0004: three
transactions, since PostgreSQL refuses to alter a table with rows updated in the same
one). A follow-up date joins the owner."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("editions", "0003_email_caps"),
        ("outreach", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="prospect",
            name="edition",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="prospects",
                to="editions.edition",
                verbose_name="edition",
            ),
        ),
        migrations.AddField(
            model_name="prospect",
            name="follow_up_on",
            field=models.DateField(blank=True, null=True, verbose_name="follow up on"),
        ),
        migrations.AddIndex(
            model_name="prospect",
            index=models.Index(
                fields=["edition", "follow_up_on"], name="prospect_edition_follow_up"
            ),
        ),
    ]
