"""Booking rush: the project's booking path against a minimal Django view, side by side.

One invocation serves the reference (`benchmarks/reference/`: the same settings and
database, no middleware, one conditional UPDATE and one INSERT per booking) and the
project (`POST /api/v1/bookings`, then the HTML booking form) side by side, each
with gunicorn and the same sync workers on its own port, and drives them with wrk
(compiled, keep-alive) on random slots among 1 000 and on one hot slot, then the
HTML form against the same JSON view on random slots. The two take turns, round
after round (--rounds), so that a machine shared with others slows both alike; the
figures are each side's median over the rounds, and the ratio the median of the
rounds' ratios. Then the slot list and near-me (from 20 000 positions, all
different) are measured against minimal read views the same way, 200 connections
rush a slot of 300 places (no oversell), and the project runs once more on SQLite.
Every run checks each slot's counter against its rows. Figures go into
docs/performance.md.

    make benchmark      # or: .venv/bin/python benchmarks/booking_rush.py [--seconds 8 --rounds 5]
                        # --bookings-only or --reads-only: those scenarios, printed only

Needs wrk (Debian: apt-get install wrk) and PostgreSQL at $DATABASE_URL (default
postgres://usines:usines@127.0.0.1:5432/usines_bench). Traffic goes to 127.0.0.1
only; every run stops after its --seconds.
"""

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "benchmarks"
sys.path[:0] = [str(ROOT / "src"), str(HERE)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usines.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
# The benchmarks measure the pages and the booking path, not the rate limits.
os.environ.setdefault("RATE_LIMITS", "0")
os.environ.setdefault("DATABASE_URL", "postgres://usines:usines@127.0.0.1:5432/usines_bench")
POSTGRES_URL = os.environ["DATABASE_URL"]
PORT = 8765  # the project; the reference answers on PORT + 1
CSRF = "b" * 32  # a cookie and form token pair the HTML form accepts
FORM = "/creneau/%s/reserver/"  # the HTML booking form's page, for a slot's id

from report import cpu_description, write_section  # noqa: E402


def setup_edition(places: int, read_sites: int) -> dict[str, list[int]]:
    """A published edition whose one open day has: 100 sites of 10 slots of `places`
    (the random slots), one slot of `places` (the hot slot), one slot of 300 places (the
    200-connection rush), and `read_sites` sites with 6 slots each in the largest
    communes (the reads)."""
    from usines.editions.models import Edition
    from usines.factories.models import Company
    from usines.reference.models import Commune
    from usines.testsupport import CompanyFactory, EditionDayFactory, EditionFactory, SlotFactory

    Edition.objects.filter(slug__startswith="bench-").update(is_published=False)
    # Run after run in the same database: number the new companies after the old ones.
    CompanyFactory.reset_sequence(Company.objects.count())
    EditionFactory.reset_sequence(Edition.objects.count())
    day = EditionDayFactory(edition__slug=f"bench-{uuid.uuid4().hex[:8]}")
    Edition.objects.filter(pk=day.edition_id).update(
        max_places_per_email_per_slot=1000, max_bookings_per_email_per_day=1000
    )

    def site(count: int, capacity: int, **where) -> list[int]:
        first = SlotFactory(day=day, capacity=capacity, **where)
        return [first.pk] + [
            SlotFactory(day=day, capacity=capacity, visit=first.visit).pk for _ in range(count - 1)
        ]

    communes = Commune.objects.filter(latitude__isnull=False).order_by("-population")
    read = []
    for commune in communes[:read_sites]:
        where = {
            f"visit__participation__site__{name}": value
            for name, value in (
                ("commune", commune),
                ("latitude", commune.latitude),
                ("longitude", commune.longitude),
            )
        }
        read += site(6, 20, **where)[:1]
    return {
        "spread": [pk for _ in range(100) for pk in site(10, places)],
        "hot": site(1, places),
        "last": site(1, 300),
        "read": read,
    }


def counters(slot_ids: list[int]) -> dict:
    """Places taken, rows behind them, and whether every slot's counter equals its rows."""
    from django.db.models import Q, Sum

    from usines.bookings.models import BookingStatus
    from usines.factories.models import Slot

    rows = Slot.objects.filter(pk__in=slot_ids).annotate(
        confirmed=Sum("bookings__party_size", filter=Q(bookings__status=BookingStatus.CONFIRMED))
    )
    booked = consistent = 0
    for slot in rows:
        booked += slot.booked
        consistent += slot.booked == (slot.confirmed or 0) + slot.held <= slot.capacity
    return {"booked": booked, "consistent": consistent == len(slot_ids)}


def confirmation_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path__endswith="send_booking_confirmed").count()


@contextlib.contextmanager
def served(settings_module: str, workers: int, database_url: str, port: int = PORT):
    """gunicorn serving `settings_module` on `port`, once it answers."""
    probe = "/near?lat=45&lon=6" if settings_module.startswith("reference") else "/api/v1/consent"
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT / 'src'}:{HERE}",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "600",
        # Production settings, but plain HTTP on loopback: no TLS proxy in front.
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "usines.wsgi", "--bind", f"127.0.0.1:{port}"]
        + ["--workers", str(workers), "--backlog", "2048", "--log-level", "warning"],
        env=env,
    )
    try:
        for _ in range(150):
            with contextlib.suppress(OSError):
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", probe)
                connection.getresponse().read()
                break
            time.sleep(0.2)
        yield
    finally:
        server.terminate()
        server.wait()


def wrk(script: str, url: str, connections: int, seconds: int, env: dict) -> dict:
    """Run wrk and return its summary (requests, seconds, p50/p99, non-2xx)."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        + ["-s", str(HERE / script), url],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(re.search(r"^WRK (.*)$", output, re.M).group(1))


def booking_run(
    path: str, slots: list[int], connections: int, seconds: int, form: bool = False, port=PORT
):
    """Book on random slots among `slots` for `seconds`; figures and the counters' check."""
    from usines.bookings.models import Booking

    with tempfile.NamedTemporaryFile("w", suffix=".txt") as ids:
        ids.write("\n".join(map(str, slots)))
        ids.flush()
        # Requests still queued from the warm-up finish first, so that both counts agree.
        before = settled(lambda: Booking.objects.filter(slot__in=slots).count())
        tasks_before = confirmation_tasks()
        env = {"BENCH_SLOTS": ids.name, "BENCH_RUN": uuid.uuid4().hex[:12]}
        if form:
            env |= {"BENCH_FORM": path, "BENCH_CSRF": CSRF}
        figures = wrk(
            "book.lua", f"http://127.0.0.1:{port}{'' if form else path}", connections, seconds, env
        )
    made = settled(lambda: Booking.objects.filter(slot__in=slots).count()) - before
    figures |= counters(slots)
    figures["bookings"] = made
    figures["bookings_per_s"] = made / figures["seconds"]
    figures["tasks"] = confirmation_tasks() - tasks_before
    return figures


def settled(count) -> int:
    """The count once requests still queued in the server when wrk stopped are done."""
    last, now = -1, count()
    while now != last:
        time.sleep(0.5)
        last, now = now, count()
    return now


def read_run(paths: list[str], connections: int, seconds: int, port: int = PORT) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listed:
        listed.write("\n".join(paths))
        listed.flush()
        figures = wrk(
            "read.lua",
            f"http://127.0.0.1:{port}",
            connections,
            seconds,
            {"BENCH_PATHS": listed.name},
        )
    figures["per_s"] = figures["requests"] / figures["seconds"]
    return figures


def read_paths(read_slots: list[int], positions: int = 20_000) -> dict[str, list[str]]:
    """The project's and the reference's URLs for the same reads. Near-me is searched
    from `positions` points, each within 2 km of a site: visitors' positions, all
    different, so that no answer kept for one serves another."""
    from usines.factories.models import Slot

    sites = list(
        Slot.objects.filter(pk__in=read_slots).values_list(
            "visit__participation__site_id",
            "visit__participation__site__latitude",
            "visit__participation__site__longitude",
        )
    )
    draw = random.Random(2026)
    points = [
        (lat + draw.uniform(-0.018, 0.018), lon + draw.uniform(-0.025, 0.025))
        for _, lat, lon in (draw.choice(sites) for _ in range(positions))
    ]
    return {
        "project slots": [f"/api/v1/sites/{site}/slots" for site, _, _ in sites],
        "reference slots": [f"/sites/{site}/slots" for site, _, _ in sites],
        "project near": [f"/api/v1/sites?near={lat:.4f},{lon:.4f}" for lat, lon in points],
        "reference near": [f"/near?lat={lat:.4f}&lon={lon:.4f}" for lat, lon in points],
    }


def prepare(database_url: str, places: int, read_sites: int) -> dict[str, list[int]]:
    """Migrate the database and set the benchmark's edition up in it, in a child
    process (so that SQLite and PostgreSQL can follow each other in one run)."""
    code = (
        "import json, sys; import booking_rush as b; import django; django.setup();"
        "from django.core.management import call_command as c;"
        "c('migrate', verbosity=0); c('createcachetable', verbosity=0);"
        "c('load_reference', verbosity=0); c('collectstatic', interactive=False, verbosity=0);"
        f"print('SLOTS', json.dumps(b.setup_edition({places}, {read_sites})))"
    )
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": f"{ROOT / 'src'}:{HERE}"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=HERE
    )
    if done.returncode:
        sys.exit(done.stderr)
    return json.loads(re.search(r"^SLOTS (.*)$", done.stdout, re.M).group(1))


def warm(path: str, slots: list[int], port: int = PORT) -> None:
    """A few seconds of bookings so that every worker has its connection and imports."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as ids:
        ids.write("\n".join(map(str, slots)))
        ids.flush()
        wrk(
            "book.lua",
            f"http://127.0.0.1:{port}{path}",
            8,
            3,
            {"BENCH_SLOTS": ids.name, "BENCH_RUN": uuid.uuid4().hex[:12]},
        )


def in_turns(what: str, run, key: str, rounds: int) -> dict[str, dict]:
    """`run(side, what)` for the reference and the project in turn, `rounds` times
    (each round in the other order than the last): each side's median figures, and
    the median of the rounds' ratios of `key`, project to reference."""
    runs: dict[str, list[dict]] = {"reference": [], "project": []}
    for turn in range(rounds):
        for side in ("reference", "project") if turn % 2 == 0 else ("project", "reference"):
            runs[side].append(run(side, what))
    merged = {}
    for side, figures in runs.items():
        merged[f"{side} {what}"] = median_of(figures)
    ratios = [p[key] / r[key] for p, r in zip(runs["project"], runs["reference"], strict=True)]
    merged[f"project {what}"]["ratio"] = statistics.median(ratios)
    merged[f"project {what}"]["ratios"] = [round(ratio, 2) for ratio in ratios]
    return merged


def median_of(figures: list[dict]) -> dict:
    """One run's figures from several: the median of each number, the sums of the
    counts, and whether every run kept its counters."""
    merged = {}
    for name in figures[0]:
        values = [f[name] for f in figures]
        if name in ("non_2xx", "socket_errors", "tasks", "bookings", "requests"):
            merged[name] = sum(values)
        elif name == "consistent":
            merged[name] = all(values)
        elif isinstance(values[0], int | float):
            merged[name] = statistics.median(values)
        else:
            merged[name] = values[-1]
    return merged


def main() -> None:
    parser = argparse.ArgumentParser(description="Booking rush against a minimal Django view")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=8, help="per run")
    parser.add_argument("--rounds", type=int, default=5, help="turns of each side per scenario")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--read-sites", type=int, default=300)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--bookings-only", action="store_true", help="the two booking scenarios, no report"
    )
    parser.add_argument("--reads-only", action="store_true", help="the two reads, no report")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    n, s = args.connections, args.seconds
    # More places than any scenario can take: both sides, up to 2 000 bookings/s each.
    places = 4000 * s * args.rounds
    slots = prepare(POSTGRES_URL, places, args.read_sites)

    import django

    django.setup()
    paths = read_paths(slots["read"])
    results: dict[str, dict] = {}
    sides = {"reference": ("/book", PORT + 1), "project": ("/api/v1/bookings", PORT)}
    with (
        served("reference.settings", args.workers, POSTGRES_URL, PORT + 1),
        served("usines.settings", args.workers, POSTGRES_URL, PORT),
    ):
        for book, port in sides.values():
            warm(book, slots["spread"], port)

        def book_run(side: str, what: str) -> dict:
            book, port = sides[side]
            chosen = slots["hot" if what == "hot" else "spread"]
            if what == "form" and side == "project":  # against the reference's JSON view
                return booking_run(FORM, chosen, n, s, form=True)
            return booking_run(book, chosen, n, s, port=port)

        def read(side: str, what: str) -> dict:
            return read_run(paths[f"{side} {what}"], n, s, port=sides[side][1])

        bookings = [("random", book_run, "bookings_per_s"), ("hot", book_run, "bookings_per_s")]
        reads = [("slots", read, "per_s"), ("near", read, "per_s")]
        form = [("form", book_run, "bookings_per_s")]
        scenarios = bookings + form + reads
        if args.bookings_only or args.reads_only:
            scenarios = bookings if args.bookings_only else reads
        for what, run, key in scenarios:
            results |= in_turns(what, run, key, args.rounds)
        if args.bookings_only or args.reads_only:
            print_figures(results)
            return
        results["reference, in turns with the HTML form"] = results.pop("reference form")
        results["project HTML form"] = results.pop("project form")
        results["project, 200 connections on 300 places"] = booking_run(
            "/api/v1/bookings", slots["last"], 200, min(s, 10)
        )
    if not args.skip_sqlite:
        directory = Path(tempfile.mkdtemp(prefix="usines-bench-"))
        url = f"sqlite:///{directory / 'bench.sqlite3'}"
        lite = prepare(url, places, 0)
        with served("usines.settings", args.workers, url):
            warm("/api/v1/bookings", lite["spread"])
            with tempfile.NamedTemporaryFile("w", suffix=".txt") as ids:
                ids.write("\n".join(map(str, lite["spread"])))
                ids.flush()
                figures = wrk(
                    "book.lua",
                    f"http://127.0.0.1:{PORT}/api/v1/bookings",
                    n,
                    s,
                    {"BENCH_SLOTS": ids.name, "BENCH_RUN": uuid.uuid4().hex[:12]},
                )
        figures["bookings_per_s"] = (figures["requests"] - figures["non_2xx"]) / figures["seconds"]
        results["project on SQLite, random"] = figures
        shutil.rmtree(directory)
    print_figures(results)
    write_report(results, args)


def print_figures(results: dict) -> None:
    for name, figures in results.items():
        print(name, json.dumps(figures))


def write_report(results: dict, args) -> None:
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()

    def ratio(what: str) -> str:
        figures = results[f"project {what}"]
        rounds = ", ".join(f"{value:.2f}" for value in figures["ratios"])
        return f"{figures['ratio']:.2f}× (rounds: {rounds})"

    lines = [
        f"### Booking rush – {date.today().isoformat()}",
        "",
        f"Machine: {cpu_description()}, {postgres or 'PostgreSQL'} on loopback; gunicorn with "
        f"{args.workers} sync workers each for the reference and the project, side by side; "
        f"wrk, 2 threads, {args.connections} connections, {args.seconds} s per run, "
        f"{args.rounds} rounds of each side taking turns (medians; non-2xx, tasks: totals). "
        f"Command: `make benchmark`.",
        "",
        "| run | bookings/s | p50 ms | p99 ms | non-2xx | counters = rows | e-mail tasks |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for name, f in results.items():
        if "bookings_per_s" not in f:
            continue
        check = "yes" if f.get("consistent", True) else "**NO**"
        lines.append(
            f"| {name} | {f['bookings_per_s']:.0f} | {f['p50_ms']:.0f} | {f['p99_ms']:.0f} | "
            f"{f['non_2xx']} | {check} | {f.get('tasks', '–')} |"
        )
    lines += [
        "",
        f"Ratio to the minimal view (median of the rounds): random slots {ratio('random')}; "
        f"one hot slot {ratio('hot')}; the HTML booking form, to the reference's JSON view "
        f"on random slots, {ratio('HTML form')}.",
        "",
        "| read | project req/s | reference req/s | ratio | project p99 ms |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for what in ("slots", "near"):
        p, r = results[f"project {what}"], results[f"reference {what}"]
        lines.append(
            f"| {what} | {p['per_s']:.0f} | {r['per_s']:.0f} | {ratio(what)} | {p['p99_ms']:.0f} |"
        )
    write_section("booking-rush", lines)


if __name__ == "__main__":
    main()
