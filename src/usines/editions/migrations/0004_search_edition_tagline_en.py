from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('editions', '0003_email_caps'),
    ]

    operations = [
        migrations.AddField(
            model_name='edition',
            name='tagline_en',
            field=models.CharField(blank=True, help_text='Shown on the English pages; empty: the French tagline, marked as French.', max_length=250, verbose_name='tagline in English'),
        ),
    ]
