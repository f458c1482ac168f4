"""The PostgreSQL backend's health check (usines/postgresql): a kept connection the
server has closed is found and replaced before a request uses it, and a live one is
checked without a round trip."""

import time

import pytest
from django.db import connection, connections

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def kept():
    """A second connection to the test database, kept as a web worker keeps its own
    between requests."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def _last_query(pid: int) -> str | None:
    """What the server last ran for backend `pid`; None once that backend is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row and row[0]


def test_a_live_connection_is_checked_without_a_round_trip(kept):
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last request'")

    assert kept.is_usable()
    assert _last_query(kept.connection.info.backend_pid) == "SELECT 'the last request'"


def test_a_connection_the_server_closed_is_replaced_before_a_request_uses_it(kept):
    pid = kept.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 10
    while _last_query(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.05)

    assert not kept.is_usable()
    # What Django does when a request starts, then before its first query.
    kept.close_if_unusable_or_obsolete()
    with kept.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


def test_a_connection_in_a_transaction_is_asked(kept):
    """The socket says nothing about a connection the client left mid-transaction:
    then the server is asked, as Django's own backend does."""
    kept.connection.execute("BEGIN")
    kept.connection.execute("SELECT 'in a transaction'")

    assert kept.is_usable()
    assert _last_query(kept.connection.info.backend_pid) == "SELECT 1"
    kept.connection.execute("ROLLBACK")


def test_a_connection_whose_socket_cannot_be_looked_at_is_asked(kept, monkeypatch):
    """Were the socket beyond what the system lets a process watch, the check asks
    the server rather than throwing a live connection away."""
    with kept.cursor() as cursor:
        cursor.execute("SELECT 'the last request'")

    def refused():
        raise OSError("too many descriptors")

    monkeypatch.setattr("usines.postgresql.base.select.poll", refused)

    assert kept.is_usable()
    assert _last_query(kept.connection.info.backend_pid) == "SELECT 1"
