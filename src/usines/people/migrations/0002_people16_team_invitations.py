"""The sites' team invitations become invitations to the host role, with their token
(the links already e-mailed keep working) and the 14 days they were given."""

from datetime import timedelta

from django.db import migrations


def copy_team_invitations(apps, schema_editor):
    TeamInvitation = apps.get_model("factories", "TeamInvitation")
    Invitation = apps.get_model("people", "Invitation")
    Invitation.objects.bulk_create(
        Invitation(
            role="host",
            email=old.email.lower(),
            token=old.token,
            site_id=old.site_id,
            invited_by_id=old.invited_by_id,
            created_at=old.created_at,
            expires_at=old.created_at + timedelta(days=14),
            accepted_at=old.accepted_at,
        )
        for old in TeamInvitation.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("factories", "0007_tickets_meeting_point"),
        ("people", "0001_people16_invitations"),
    ]

    operations = [migrations.RunPython(copy_team_invitations, migrations.RunPython.noop)]
