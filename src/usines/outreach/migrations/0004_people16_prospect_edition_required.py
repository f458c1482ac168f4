import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("outreach", "0003_people16_attach_prospects")]

    operations = [
        migrations.AlterField(
            model_name="prospect",
            name="edition",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="prospects",
                to="editions.edition",
                verbose_name="edition",
            ),
        ),
    ]
