"""Every booking writes every index of its table: none is there for nothing."""

import pytest
from django.db import connection

from usines.bookings.models import Booking


@pytest.mark.django_db
def test_no_index_of_the_bookings_table_repeats_another():
    with connection.cursor() as cursor:
        indexes = {
            name: tuple(details["columns"])
            for name, details in connection.introspection.get_constraints(
                cursor, Booking._meta.db_table
            ).items()
            if details["index"] and details["columns"] and details["columns"][0]
        }
    assert indexes, "the bookings table has indexes"
    for name, columns in indexes.items():
        others = [other for key, other in indexes.items() if key != name]
        # An index whose columns begin another one's is served by that one.
        assert not any(other[: len(columns)] == columns for other in others), name


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's LIKE indexes")
def test_the_unique_codes_have_no_second_index_for_like_searches():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
            [Booking._meta.db_table, "%pattern_ops%"],
        )
        assert cursor.fetchall() == []
