"""Discovery at national scale: near-me search, GeoJSON and territory pages, 10 000 factories.

Builds (once) a database with a generated edition of --factories factories, then
times server-side requests through Django's test client (the full middleware,
view, ORM and template stack, no network): the filtered near-me search of the
API and of the home page around the 40 largest cities' postcodes, the GeoJSON of
every site, and department pages. Counts the queries of each page and the
GeoJSON's size, then writes the figures into docs/performance.md.

    .venv/bin/python benchmarks/discovery.py [--factories 10000] [--rounds 5]

By default it uses its own SQLite file, benchmarks/.discovery.sqlite3 (kept for
the next run; --rebuild starts again); set DATABASE_URL to use PostgreSQL.
"""

import argparse
import gzip
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_DB = ROOT / "benchmarks" / ".discovery.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usines.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
# The benchmarks measure the pages and the booking path, not the rate limits.
os.environ.setdefault("RATE_LIMITS", "0")
# Plain HTTP through the test client: no redirect to HTTPS.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Every request computed: nothing kept from one request to the next by the process
# (PUBLIC_READ_SECONDS=10 shows what the kept reads and counters save).
os.environ.setdefault("PUBLIC_READ_SECONDS", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")

from report import cpu_description, prepare_database, write_section  # noqa: E402

SEARCH = "radius_km=50&sector=metallurgie&available=1"
PAGE_SEARCH = "radius=50&sector=metallurgie&available=1"


def big_city_postcodes(count: int) -> list[str]:
    from usines.reference.models import Postcode

    postcodes = (
        Postcode.objects.filter(commune__department__code__lt="97")
        .order_by("-commune__population", "code")
        .values_list("code", flat=True)
    )
    seen: list[str] = []
    for code in postcodes:
        if code not in seen:
            seen.append(code)
        if len(seen) == count:
            break
    return seen


def timed(client, urls: list[str], rounds: int, **headers) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timings, queries, sizes = [], [], []
    for url in urls:  # warm-up: first hits fill caches
        client.get(url, **headers)
    for _ in range(rounds):
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url, **headers)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(captured))
            sizes.append(len(response.content))
    timings.sort()
    return {
        "requests": len(timings),
        "p50": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "queries": max(queries),
        "bytes": max(sizes),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    prepare_database(DEFAULT_DB, args.factories, args.factories * 30, args.rebuild)

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from usines.editions.models import Edition
    from usines.factories.models import Participation, ParticipationStatus, Slot
    from usines.reference.models import Department

    client = Client()
    postcodes = big_city_postcodes(40)
    departments = list(
        Department.objects.filter(code__lt="97").order_by("?").values_list("code", flat=True)[:20]
    )
    figures = {
        "API near-me search (50 km, sector, places left)": timed(
            client, [f"/api/v1/sites?near={code}&{SEARCH}" for code in postcodes], args.rounds
        ),
        "Home page near-me search (same filters)": timed(
            client, [f"/?near={code}&{PAGE_SEARCH}" for code in postcodes], args.rounds
        ),
        "Home page, no filter": timed(client, ["/"], args.rounds * 4),
        "Department page": timed(
            client, [f"/departement/{code}/" for code in departments], args.rounds
        ),
        "GeoJSON of every site": timed(client, ["/api/v1/sites.geojson"], args.rounds * 2),
    }
    raw = client.get("/api/v1/sites.geojson").content
    gzipped = len(gzip.compress(raw, compresslevel=6))
    for name, figure in figures.items():
        print(f"{name}: {figure}")
    print(f"GeoJSON: {len(raw) / 1024:.0f} KB raw, {gzipped / 1024:.0f} KB gzipped")

    engine = connection.vendor
    edition = Edition.objects.current()
    sites = Participation.objects.filter(edition=edition, status=ParticipationStatus.PUBLISHED)
    sites = sites.count()
    slots = Slot.objects.filter(day__edition=edition).count()
    kept = settings.PUBLIC_READ_SECONDS
    lines = [
        f"### Discovery on {engine} – {date.today().isoformat()}",
        "",
        f"Machine: {cpu_description()}, {engine} "
        f"({'file, WAL' if engine == 'sqlite' else 'loopback'}); {sites:,} published factories, "
        f"{slots:,} slots; server-side time through Django's test client (middleware, view, "
        f"ORM, template; no network), {args.rounds} rounds after a warm-up. Near-me searches "
        f"go round the postcodes of the 40 most populous communes. PUBLIC_READ_SECONDS={kept} "
        f"({'every request computed' if kept <= 0 else 'reads and counters kept by the process'}). "
        "Command: `make benchmark-discovery`.",
        "",
        "| request | requests | p50 ms | p95 ms | queries (max) | response KB (max) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, f in figures.items():
        lines.append(
            f"| {name} | {f['requests']} | {f['p50']:.1f} | {f['p95']:.1f} | {f['queries']} | "
            f"{f['bytes'] / 1024:.0f} |"
        )
    lines += [
        "",
        f"GeoJSON of all {sites:,} sites: {len(raw) / 1024:.0f} KB, "
        f"**{gzipped / 1024:.0f} KB gzipped** (as served to clients sending "
        "`Accept-Encoding: gzip`).",
    ]
    write_section(f"discovery-{engine}", lines)


if __name__ == "__main__":
    main()
