"""Booking rush: N concurrent clients POST /api/v1/bookings against gunicorn + PostgreSQL.

Two scenarios: every client on one hot slot, then clients spread over 1 000 slots.
Reports bookings/s, p50/p99 latency and checks that no slot was oversold, then
writes the figures into docs/performance.md.

    DATABASE_URL=postgres://usines:usines@127.0.0.1:5432/usines_bench \
        .venv/bin/python benchmarks/booking_rush.py [--clients 200] [--requests 6000]

The database is migrated and a benchmark edition created in it; nothing else is
touched. Traffic goes to 127.0.0.1 only.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "usines.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
# The benchmarks measure the pages and the booking path, not the rate limits.
os.environ.setdefault("RATE_LIMITS", "0")
os.environ.setdefault("DATABASE_URL", "postgres://usines:usines@127.0.0.1:5432/usines_bench")
PORT = 8765

sys.path.insert(0, str(ROOT / "benchmarks"))
from report import cpu_description, write_section  # noqa: E402


def setup_slots(slot_count: int, capacity: int) -> list[int]:
    import django

    django.setup()
    from django.core.management import call_command

    from usines.editions.models import Edition
    from usines.factories.models import Company
    from usines.testsupport import CompanyFactory, EditionDayFactory, EditionFactory, SlotFactory

    call_command("migrate", verbosity=0)
    Edition.objects.filter(slug__startswith="bench-").update(is_published=False)
    # Run after run in the same database: number the new companies after the old ones.
    CompanyFactory.reset_sequence(Company.objects.count())
    EditionFactory.reset_sequence(Edition.objects.count())
    day = EditionDayFactory(edition__slug=f"bench-{uuid.uuid4().hex[:8]}")
    first = SlotFactory(day=day, capacity=capacity)
    slots = [first.pk]
    for _ in range(slot_count - 1):
        slots.append(SlotFactory(day=day, capacity=capacity, visit=first.visit).pk)
    return slots


def check_no_oversell(slot_ids: list[int]) -> tuple[int, bool]:
    from django.db.models import Sum

    from usines.bookings.models import Booking, BookingStatus
    from usines.factories.models import Slot

    booked = 0
    consistent = True
    for slot in Slot.objects.filter(pk__in=slot_ids):
        confirmed = (
            Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED).aggregate(
                total=Sum("party_size")
            )["total"]
            or 0
        )
        consistent &= slot.booked == confirmed <= slot.capacity
        booked += slot.booked
    return booked, consistent


def one_request(slot_id: int) -> tuple[int, float]:
    body = json.dumps(
        {
            "slot": slot_id,
            "party_size": 1,
            "name": "Bench Visitor",
            "email": "bench@example.org",
            "postcode": "74300",
            "idempotency_key": uuid.uuid4().hex,
        }
    )
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    try:
        connection.request("POST", "/api/v1/bookings", body, {"Content-Type": "application/json"})
        status = connection.getresponse().status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - started


def client_process(slot_ids: list[int], count: int, threads: int, seed: int) -> list:
    import random

    rng = random.Random(seed)
    targets = [rng.choice(slot_ids) for _ in range(count)]
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one_request, targets))


def rush(slot_ids: list[int], clients: int, requests: int) -> dict:
    processes = min(4, clients)
    per_process = requests // processes
    started = time.perf_counter()
    with get_context("spawn").Pool(processes) as pool:
        parts = pool.starmap(
            client_process,
            [(slot_ids, per_process, clients // processes, seed) for seed in range(processes)],
        )
    elapsed = time.perf_counter() - started
    results = [item for part in parts for item in part]
    latencies = sorted(latency for _, latency in results)
    created = sum(1 for status, _ in results if status == 201)
    return {
        "requests": len(results),
        "created": created,
        "refused": sum(1 for status, _ in results if status == 409),
        "errors": sum(1 for status, _ in results if status not in (201, 409)),
        "seconds": elapsed,
        "requests_per_s": len(results) / elapsed,
        "bookings_per_s": created / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(len(latencies) * 0.99) - 1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Booking rush benchmark")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--requests", type=int, default=6000)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    args = parser.parse_args()

    hot = setup_slots(1, capacity=args.requests // 2)
    spread = setup_slots(1000, capacity=args.requests)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "CONN_MAX_AGE": "600"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "usines.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(args.workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        for _ in range(100):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=1)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        figures = {}
        for name, slots in (("one hot slot", hot), ("1 000 slots", spread)):
            figures[name] = rush(slots, args.clients, args.requests)
            booked, consistent = check_no_oversell(slots)
            figures[name]["booked_in_db"] = booked
            figures[name]["consistent"] = consistent
            print(name, json.dumps(figures[name], indent=1))
    finally:
        server.terminate()
        server.wait()
    write_report(figures, args)


def write_report(figures: dict, args) -> None:
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"### Booking rush – {date.today().isoformat()}",
        "",
        f"Machine: {cpu_description()}, "
        f"{postgres or 'PostgreSQL'} on loopback; gunicorn with {args.workers} sync workers; "
        f"{args.clients} concurrent clients (4 processes), one new connection per request, "
        f"{args.requests} requests per scenario. Command: `make benchmark`.",
        "",
        "| scenario | requests | booked (201) | refused full (409) | errors | bookings/s | "
        "requests/s | p50 ms | p99 ms | oversold? |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for name, f in figures.items():
        lines.append(
            f"| {name} | {f['requests']} | {f['created']} | {f['refused']} | {f['errors']} | "
            f"{f['bookings_per_s']:.0f} | {f['requests_per_s']:.0f} | {f['p50_ms']:.0f} | "
            f"{f['p99_ms']:.0f} | {'no' if f['consistent'] else 'YES'} |"
        )
    write_section("booking-rush", lines)


if __name__ == "__main__":
    main()
