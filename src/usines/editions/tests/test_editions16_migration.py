"""The migration that made phases rule the platform keeps existing editions working."""

from datetime import date, datetime, time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from usines.editions.models import Edition, PhaseKind

BEFORE = [("editions", "0004_search_edition_tagline_en")]


def moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


@pytest.mark.django_db(transaction=True)
def test_existing_editions_get_their_phases_renamed_merged_and_completed():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    edition = old.get_model("editions", "Edition").objects.create(
        name="JUO 2026", slug="juo-2026", year=2026, is_published=True
    )
    days = old.get_model("editions", "EditionDay").objects
    days.create(edition=edition, date=date(2026, 3, 20), audience="school",
                bookings_open_at=moment(date(2026, 1, 12), 9),
                bookings_close_at=moment(date(2026, 3, 18), 18))  # fmt: skip
    days.create(edition=edition, date=date(2026, 3, 21), audience="public",
                bookings_open_at=moment(date(2026, 2, 16), 9),
                bookings_close_at=moment(date(2026, 3, 21), 0))  # fmt: skip
    phases = old.get_model("editions", "Phase").objects
    phases.create(edition=edition, kind="public", starts_on=date(2026, 2, 16),
                  ends_on=date(2026, 2, 28))  # fmt: skip
    phases.create(edition=edition, kind="public", starts_on=date(2026, 3, 1),
                  ends_on=date(2026, 3, 20))  # fmt: skip
    phases.create(edition=edition, kind="hosts", starts_on=date(2025, 10, 1),
                  ends_on=date(2026, 1, 31))  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app back to its latest

    migrated = Edition.objects.get(slug="juo-2026")
    assert sorted(migrated.phases.values_list("kind", "starts_on", "ends_on")) == [
        (PhaseKind.EVENT, date(2026, 3, 20), date(2026, 3, 21)),
        (PhaseKind.PUBLIC_BOOKINGS, date(2026, 2, 16), date(2026, 3, 20)),  # the two merged
        (PhaseKind.REGISTRATION, date(2025, 10, 1), date(2026, 1, 31)),  # renamed, kept
        (PhaseKind.SCHOOL_BOOKINGS, date(2026, 1, 12), date(2026, 3, 18)),  # from its day
    ]
