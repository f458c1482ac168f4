"""The data migration that gives the prospects already there an edition."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("outreach", "0002_people16_prospect_edition")]


def migrate(targets):
    """Migrate to `targets`; the models as the database now has them (the other apps'
    migrations stay applied)."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


@pytest.mark.django_db(transaction=True)
def test_existing_prospects_join_the_edition_whose_days_come_next():
    apps = migrate(BEFORE)
    Edition = apps.get_model("editions", "Edition")
    past = Edition.objects.create(name="2026", slug="e-2026", year=2026, is_published=True)
    coming = Edition.objects.create(name="2027", slug="e-2027", year=2027, is_published=True)
    Edition.objects.create(name="2028", slug="e-2028", year=2028, is_published=False)
    apps.get_model("editions", "EditionDay").objects.create(
        edition=coming,
        date=timezone.localdate() + timedelta(days=30),
        audience="public",
        bookings_open_at=timezone.now(),
        bookings_close_at=timezone.now() + timedelta(days=29),
    )
    region = apps.get_model("reference", "Region").objects.create(code="84", name="A", slug="a")
    department = apps.get_model("reference", "Department").objects.create(
        code="74", name="Haute-Savoie", slug="hs", region=region
    )
    commune = apps.get_model("reference", "Commune").objects.create(
        insee_code="74081",
        name="Cluses",
        search_name="cluses",
        department=department,
        latitude=46.06,
        longitude=6.58,
    )
    network = apps.get_model("outreach", "Network").objects.create(name="Réseau")
    apps.get_model("outreach", "Prospect").objects.create(
        network=network, company="Forges", commune=commune, sector="metallurgie"
    )

    apps = migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    prospect = apps.get_model("outreach", "Prospect").objects.get()
    assert prospect.edition_id == coming.pk != past.pk
