"""Reads to the replica, writes and fresh reads to the primary.

With DATABASE_REPLICA_URL set, settings add a "replica" database (a PostgreSQL
streaming replica of "default") and this router. Only the requests that
`ReplicaReads` marks read from it: the public discovery pages (home and search,
region, department and factory pages, open data), the API's public GETs and the
map's GeoJSON, every one of them fine a moment old. Everything else reads from
the primary: a booking, its own page and "my bookings", every form, every page of
a signed-in user (hosts, teachers, relays, organisers, the administration), the
task worker and the management commands. Writes always go to the primary, and so
does any read inside a transaction on it and every read of a session.

A visitor who has just written (booked, cancelled, joined a waiting list) must not
see a page older than their own write: any POST sets a cookie that pins that
browser's reads to the primary for REPLICA_PIN_SECONDS, longer than the replica's
lag ever grows unnoticed (/healthz shows it; a lag above the pin is an alarm).

Without a replica every read goes to "default": the single-machine setup and the
tests are unchanged.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import connections, transaction
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "primary_reads"
SAFE_METHODS = ("GET", "HEAD")

# The discovery pages by URL name (namespace "web"); the API's GETs by path.
DISCOVERY_PAGES = frozenset(
    {
        "home",
        "site",
        "region",
        "department",
        "open_data",
        "open_data_csv",
        "open_data_geojson",
        "widget",
        "widget_script",
    }
)
# A session is read where it was just written, whatever the page.
PRIMARY_ONLY_APPS = frozenset({"sessions"})
PUBLIC_API = "/api/v1/"
PRIVATE_API = ("/api/v1/bookings",)

_replica_eligible: ContextVar[bool] = ContextVar("replica_eligible", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def eligible(request: HttpRequest) -> bool:
    """Whether this request may read from the replica: a GET of a discovery page or
    of the API's public reads, by a browser not pinned to the primary and nobody
    signed in."""
    if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if request.path.startswith(PUBLIC_API):
        return not request.path.startswith(PRIVATE_API)
    match = request.resolver_match
    return match is not None and match.namespace == "web" and match.url_name in DISCOVERY_PAGES


class ReplicaReads:
    """Marks the requests that may read from the replica (after URL resolution, so
    that pages are chosen by name) and pins a browser to the primary after it
    writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _replica_eligible.set(False)
        try:
            response = self.get_response(request)
        finally:
            _replica_eligible.reset(token)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if replica_configured() and eligible(request):
            _replica_eligible.set(True)


def _in_transaction() -> bool:
    """Whether the code runs inside a transaction on the primary (the one a test case
    wraps itself in excepted, as Django's own durable blocks count)."""
    return any(not block._from_testcase for block in connections["default"].atomic_blocks)


class ReplicaRouter:
    """The replica for reads of a request `ReplicaReads` marked, outside any
    transaction on the primary; the primary for everything else."""

    def db_for_read(self, model, **hints) -> str:
        if (
            _replica_eligible.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and replica_configured()
            and not _in_transaction()
        ):
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # both databases hold the same rows

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == "default"  # the replica follows the primary's schema by itself


@contextmanager
def replica_reads() -> Iterator[None]:
    """Mark the code inside as replica-eligible, what `ReplicaReads` does for a
    request (scripts and tests)."""
    token = _replica_eligible.set(True)
    try:
        yield
    finally:
        _replica_eligible.reset(token)


def replica_lag() -> dict | None:
    """The replica's lag in seconds, as the replica sees it: 0 when it has replayed
    all it received, otherwise the age of the last transaction it replayed. None
    without a replica; {"lag_seconds": None, "error": …} when it cannot be asked."""
    if not replica_configured():
        return None
    try:
        with transaction.atomic(using=REPLICA), connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                " ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
            )
            (lag,) = cursor.fetchone()
    except Exception:  # a replica down or not PostgreSQL: said, never a 500
        return {"lag_seconds": None, "error": "unreachable"}
    return {"lag_seconds": round(float(lag or 0), 3)}
