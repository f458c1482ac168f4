"""The sites' team invitations become invitations to the host role, links unchanged."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("people", "0001_people16_invitations"), ("factories", "0007_tickets_meeting_point")]


def migrate(targets):
    """Migrate to `targets`; the models as the database now has them (the other apps'
    migrations stay applied)."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.mark.django_db(transaction=True)
def test_a_team_invitation_keeps_its_link_and_its_fourteen_days():
    apps = migrate(BEFORE)
    region = apps.get_model("reference", "Region").objects.create(code="84", name="A", slug="a")
    department = apps.get_model("reference", "Department").objects.create(
        code="74", name="Haute-Savoie", slug="hs", region=region
    )
    commune = apps.get_model("reference", "Commune").objects.create(
        insee_code="74081", name="Cluses", search_name="cluses", department=department,
        latitude=46.06, longitude=6.58,
    )  # fmt: skip
    section = apps.get_model("reference", "NafSection").objects.create(code="C", label="Ind.")
    division = apps.get_model("reference", "NafDivision").objects.create(
        code="25", label="Métal", section=section
    )
    naf = apps.get_model("reference", "NafCode").objects.create(
        code="25.62B", label="Mécanique", division=division
    )
    company = apps.get_model("factories", "Company").objects.create(siren="732829320", name="F")
    site = apps.get_model("factories", "Site").objects.create(
        company=company, siret="73282932000074", name="Forges", address="1 rue",
        postcode="74300", commune=commune, latitude=46.06, longitude=6.58, naf=naf,
    )  # fmt: skip
    sent = timezone.now()
    apps.get_model("factories", "TeamInvitation").objects.create(
        site=site, email="Colleague@Example.org", token="the-secret-link"
    )
    apps.get_model("factories", "TeamInvitation").objects.update(created_at=sent)

    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    invitation = apps.get_model("people", "Invitation").objects.get()
    assert (invitation.role, invitation.email, invitation.token, invitation.site_id) == (
        "host", "colleague@example.org", "the-secret-link", site.pk,
    )  # fmt: skip
    assert (invitation.expires_at - invitation.created_at).days == 14
