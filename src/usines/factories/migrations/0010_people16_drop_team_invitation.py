"""Team invitations are people.Invitation rows now (copied by people 0002)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("factories", "0009_visit_day_contact"),
        ("people", "0002_people16_team_invitations"),
    ]

    operations = [migrations.DeleteModel(name="TeamInvitation")]
