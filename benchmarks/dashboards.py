"""Organiser dashboards at national scale: 10 000 factories, 1 000 000 bookings.

Builds (once) a database with a generated edition, then times the rebuild of the
edition's kept figures (the background task behind every dashboard) and,
server-side through Django's test client logged in as a national organiser: the
cockpit (nationally and for one region), the attendance page, the moderation
queue, the representativeness page and the results report PDF. Writes the figures
into docs/performance.md.

    .venv/bin/python benchmarks/dashboards.py [--factories 10000] [--bookings 1000000]

By default it uses its own SQLite file, benchmarks/.dashboards.sqlite3 (kept for the
next run; --rebuild starts again); set DATABASE_URL to use PostgreSQL.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
DEFAULT_DB = ROOT / "benchmarks" / ".dashboards.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usines.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
# The benchmarks measure the pages and the booking path, not the rate limits.
os.environ.setdefault("RATE_LIMITS", "0")
# Plain HTTP through the test client: no redirect to HTTPS.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{DEFAULT_DB}")

from report import cpu_description, prepare_database, write_section  # noqa: E402

PAGES = {
    "Cockpit, all of France": "/organisation/tableau-de-bord/",
    "Cockpit, one region": "/organisation/tableau-de-bord/?region=84",
    "Cockpit map: sites by fill rate (GeoJSON)": "/organisation/tableau-de-bord/usines.geojson",
    "Attendance by day, region and level": "/organisation/presence/",
    "Moderation queue": "/organisation/moderation/",
    "Representativeness and who to canvass": "/organisation/representativite/",
    "Results report (PDF)": "/organisation/bilan.pdf",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factories", type=int, default=10_000)
    parser.add_argument("--bookings", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    prepare_database(DEFAULT_DB, args.factories, args.bookings, args.rebuild)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from usines.accounts.models import Role, User
    from usines.bookings.models import Booking
    from usines.factories.models import Participation

    organiser, _created = User.objects.get_or_create(
        username="bench-organiser", defaults={"role": Role.ORGANISER}
    )
    from usines.editions.models import Edition
    from usines.reports.figures import refresh

    client = Client()
    client.force_login(organiser)
    figures = {}
    edition = Edition.objects.current()
    timings, queries = [], []
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            refresh(edition)
            timings.append((time.perf_counter() - started) * 1000)
        queries.append(len(captured))
    rebuild = "Rebuild of the kept figures (background task, at most once a minute)"
    figures[rebuild] = {"p50": statistics.median(timings), "max": max(timings),
                        "queries": max(queries)}  # fmt: skip
    print(rebuild, figures[rebuild])
    for name, url in PAGES.items():
        rounds = 2 if url.endswith(".pdf") else args.rounds
        client.get(url)  # warm-up
        timings, queries = [], []
        for _ in range(rounds):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            queries.append(len(captured))
        figures[name] = {
            "p50": statistics.median(timings),
            "max": max(timings),
            "queries": max(queries),
        }
        print(name, figures[name])

    engine = connection.vendor
    lines = [
        f"### Dashboards on {engine} – {date.today().isoformat()}",
        "",
        f"Machine: {cpu_description()}, {engine}; {Participation.objects.count():,} factories, "
        f"{Booking.objects.count():,} bookings; server-side time through Django's test "
        f"client as a national organiser, {args.rounds} rounds (2 for the PDF) after a "
        "warm-up; the pages read the kept figures, which the rebuild (3 rounds) "
        "recomputes. Command: `make benchmark-dashboards`.",
        "",
        "| page | p50 ms | max ms | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, f in figures.items():
        lines.append(f"| {name} | {f['p50']:.0f} | {f['max']:.0f} | {f['queries']} |")
    write_section(f"dashboards-{engine}", lines)


if __name__ == "__main__":
    main()
