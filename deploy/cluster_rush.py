"""The booking rush through the cluster's balancer, losing a web host and the worker.

    make cluster-rush    # after make cluster; or: python deploy/cluster_rush.py [--seconds 15]

Three runs of the speed issue's benchmark (benchmarks/book.lua with wrk, random
slots, each request from its own made-up client address so that the rate limits
count in Redis as in production) against HAProxy at 10.77.0.1:8080:

1. one web host (web2 taken out of the balancer through its admin socket);
2. both web hosts;
3. both, then, a quarter of the way in, every process of web1 is killed (-9), at
   half-way the worker's, at three quarters the worker starts again; web1 comes back
   after the run.

Then, every check bounded in time: each slot's counter equals its rows and never
exceeds its capacity; every booking answered 201 is in the database, confirmed,
once; every confirmed booking of the runs has its confirmation e-mail exactly once
(the SentEmail ledger, and the messages the file back-end wrote, by address); the
balancer marked web1 down while it was dead. The figures go into
docs/performance.md (section "cluster-rush"). Traffic goes to 10.77.0.1 only.
"""

import argparse
import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLUSTER_DIR = Path(os.environ.get("CLUSTER_DIR", "/var/tmp/usines-cluster"))
BALANCER = "http://10.77.0.1:8080"
SCRIPT = ROOT / "deploy" / "cluster.sh"


def load_settings() -> None:
    """The cluster's settings, with the primary reached directly (the checks)."""
    path = CLUSTER_DIR / "env.direct"
    if not path.exists():
        sys.exit(f"No cluster at {CLUSTER_DIR}: run make cluster first.")
    for line in path.read_text().splitlines():
        name, _, value = line.partition("=")
        os.environ[name] = value


load_settings()
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
os.environ["DJANGO_SETTINGS_MODULE"] = "usines.settings"

from booking_rush import counters, settled, setup_edition  # noqa: E402
from report import cpu_description, write_section  # noqa: E402


def haproxy(command: str) -> str:
    """One command on HAProxy's admin socket."""
    with socket.socket(socket.AF_UNIX) as admin:
        admin.connect(str(CLUSTER_DIR / "haproxy.sock"))
        admin.sendall(command.encode() + b"\n")
        return b"".join(iter(lambda: admin.recv(65536), b"")).decode()


def web_servers() -> dict[str, dict]:
    """web1/web2 → their row of the balancer's statistics."""
    lines = haproxy("show stat").splitlines()
    header = lines[0].lstrip("# ").split(",")
    rows = [dict(zip(header, line.split(","), strict=False)) for line in lines[1:] if line]
    return {row["svname"]: row for row in rows if row.get("pxname") == "web"}


def server_states() -> dict[str, str]:
    """web1/web2 → UP, DOWN, MAINT… as the balancer sees them."""
    return {name: row["status"] for name, row in web_servers().items()}


def answered() -> dict[str, int]:
    """web1/web2 → requests the balancer sent it so far."""
    return {name: int(row["stot"]) for name, row in web_servers().items() if "web" in name}


def cluster(*args: str) -> None:
    bin_dir = Path(sys.executable).parent  # the web and worker hosts run this Python
    env = {**os.environ, "BIN": str(bin_dir)}
    subprocess.run(["bash", str(SCRIPT), *args], check=True, timeout=120, env=env)


class Watch(threading.Thread):
    """Every half second while a run lasts: the balancer's view of the web hosts and
    the replica's lag that /healthz reports."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.states: list[tuple[float, dict]] = []
        self.lags: list[float] = []

    def run(self) -> None:
        started = time.monotonic()
        while not self.stop.wait(0.5):
            with contextlib.suppress(OSError, ValueError):
                self.states.append((time.monotonic() - started, server_states()))
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                with urllib.request.urlopen(f"{BALANCER}/healthz", timeout=2) as answer:
                    lag = json.load(answer)["replica"]["lag_seconds"]
                self.lags.append(float(lag))


def rush(slots: list[int], connections: int, seconds: int, events=()) -> dict:
    """wrk through the balancer for `seconds`; `events` are (second, what) to do
    meanwhile. Returns wrk's figures, the tokens answered 201 and what was seen."""
    watch = Watch()
    with tempfile.TemporaryDirectory() as work:
        ids = Path(work) / "slots.txt"
        ids.write_text("\n".join(map(str, slots)))
        env = {
            **os.environ,
            "BENCH_SLOTS": str(ids),
            "BENCH_RUN": uuid.uuid4().hex[:12],
            "BENCH_CLIENTS": "1",
            "BENCH_TOKENS": f"{work}/tokens",
        }
        command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
        command += ["-s", str(ROOT / "benchmarks" / "book.lua"), f"{BALANCER}/api/v1/bookings"]
        sent_before = answered()
        watch.start()
        started = time.monotonic()
        wrk = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
        done = []
        for at, action in events:
            time.sleep(max(0.0, at - (time.monotonic() - started)))
            action()
            done.append(round(time.monotonic() - started, 1))
        output, _ = wrk.communicate(timeout=seconds + 60)
        watch.stop.set()
        watch.join()
        figures = json.loads(re.search(r"^WRK (.*)$", output, re.M).group(1))
        answers = [ln for path in Path(work).glob("tokens.*") for ln in path.read_text().split()]
    tokens = [line for line in answers if not line.startswith("status:")]
    figures["statuses"] = dict(
        Counter(line.split(":")[1] for line in answers if line.startswith("status:"))
    )
    figures["per_host"] = {name: n - sent_before[name] for name, n in answered().items()}
    figures["tokens"] = tokens
    figures["events_at"] = done
    figures["states"] = watch.states
    figures["max_lag"] = max(watch.lags, default=None)
    return figures


def drain(slots: list[int], limit_seconds: int = 240) -> tuple[int, int]:
    """Wait (bounded) until every confirmed booking on `slots` has its e-mail;
    returns (confirmed bookings, confirmation e-mails in the ledger)."""
    from usines.bookings.models import Booking, BookingStatus
    from usines.notifications.models import SentEmail

    deadline = time.monotonic() + limit_seconds
    while True:
        ids = list(
            Booking.objects.filter(slot__in=slots, status=BookingStatus.CONFIRMED).values_list(
                "pk", flat=True
            )
        )
        sent = SentEmail.objects.filter(key__in=[f"booking_confirmed:{pk}" for pk in ids]).count()
        if sent >= len(ids) or time.monotonic() > deadline:
            return len(ids), sent
        time.sleep(2)


def email_rate(slots: list[int], after: float) -> float:
    """E-mails per second the one worker sent, from the ledger, once it came back."""
    from datetime import UTC, datetime

    from django.db.models import Count, Max, Min

    from usines.bookings.models import Booking
    from usines.notifications.models import SentEmail

    ids = Booking.objects.filter(slot__in=slots).values_list("pk", flat=True)
    sent = SentEmail.objects.filter(
        key__in=[f"booking_confirmed:{pk}" for pk in ids],
        sent_at__gte=datetime.fromtimestamp(after, UTC),
    ).aggregate(first=Min("sent_at"), last=Max("sent_at"), count=Count("pk"))
    if not sent["count"] or sent["last"] == sent["first"]:
        return 0.0
    return sent["count"] / (sent["last"] - sent["first"]).total_seconds()


def mails_by_address() -> Counter:
    """How many messages the file back-end wrote to each address."""
    seen: Counter = Counter()
    for path in (CLUSTER_DIR / "mail").iterdir():
        seen.update(re.findall(r"^To: (\S+)$", path.read_text(errors="replace"), re.M))
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description="Booking rush through the cluster")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--seconds", type=int, default=15)
    args = parser.parse_args()
    n, s = args.connections, args.seconds
    kill_seconds = 2 * s

    import django

    django.setup()
    from django.db import connection

    from usines.bookings.models import Booking, BookingStatus
    from usines.notifications.queue import requeue_stale_tasks

    print("setting the benchmark edition up on the primary…", flush=True)
    slots = setup_edition(2000 * (2 * s + kill_seconds), 0)["spread"]
    before = Booking.objects.filter(slot__in=slots).count()
    runs: dict[str, dict] = {}

    print(f"one web host, {s} s…", flush=True)
    haproxy("disable server web/web2")
    runs["one web host"] = rush(slots, n, s)
    haproxy("enable server web/web2")
    time.sleep(3)  # back in rotation after its health checks

    print(f"two web hosts, {s} s…", flush=True)
    runs["two web hosts"] = rush(slots, n, s)

    print(f"two web hosts, web1 and the worker killed, {kill_seconds} s…", flush=True)
    killed_worker_at = []

    def kill_worker() -> None:
        killed_worker_at.append(time.time())
        cluster("kill-host", "worker")

    runs["web1 and the worker killed"] = rush(
        slots,
        n,
        kill_seconds,
        events=[
            (kill_seconds / 4, lambda: cluster("kill-host", "web1")),
            (kill_seconds / 2, kill_worker),
            (kill_seconds * 3 / 4, lambda: cluster("start-worker")),
        ],
    )
    cluster("start-web", "web1")
    # The tasks the killed worker had taken stay "running"; the scheduled upkeep puts
    # them back after 10 minutes. Here, sooner: those taken before it died.
    time.sleep(2)
    requeued = requeue_stale_tasks(older_than_seconds=int(time.time() - killed_worker_at[0]))
    settled(lambda: Booking.objects.filter(slot__in=slots).count())
    confirmed, ledger = drain(slots)
    worker_rate = email_rate(slots, after=killed_worker_at[0] + kill_seconds / 4)

    # The checks.
    acknowledged = [token for figures in runs.values() for token in figures["tokens"]]
    found = dict(Booking.objects.filter(token__in=acknowledged).values_list("token", "status"))
    lost = [t for t in acknowledged if found.get(t) != BookingStatus.CONFIRMED]
    made = Booking.objects.filter(slot__in=slots).count() - before
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) - count(DISTINCT idempotency_key) FROM bookings_booking"
            " WHERE slot_id = ANY(%s)",
            [slots],
        )
        (doubled,) = cursor.fetchone()
    emails = Booking.objects.filter(slot__in=slots, status=BookingStatus.CONFIRMED).values_list(
        "email", flat=True
    )
    written = mails_by_address()
    mail_counts = Counter(written.get(address, 0) for address in emails)
    killed = runs["web1 and the worker killed"]
    web1_down = any(states.get("web1") not in ("UP", None) for _, states in killed["states"])
    checks = {
        "counters": counters(slots),
        "bookings": made,
        "acknowledged": len(acknowledged),
        "lost": len(lost),
        "doubled": doubled,
        "confirmed": confirmed,
        "ledger": ledger,
        "mails": dict(mail_counts),
        "requeued": requeued,
        "web1_marked_down": web1_down,
        "worker_emails_per_s": round(worker_rate, 1),
    }
    for name, figures in runs.items():
        shown = {k: v for k, v in figures.items() if k not in ("tokens", "states")}
        print(name, json.dumps(shown))
    for host in ("web1", "web2"):  # what a web host said about any error
        log = CLUSTER_DIR / "logs" / f"{host}.log"
        print(f"--- {log} (last lines)\n" + "\n".join(log.read_text().splitlines()[-15:]))
    print(json.dumps(checks, indent=1))
    write_report(runs, checks, args)
    ok = (
        checks["counters"]["consistent"]
        and not lost
        and not doubled
        and set(mail_counts) == {1}
        and ledger == confirmed
        and web1_down
    )
    sys.exit(0 if ok else 1)


def write_report(runs: dict, checks: dict, args) -> None:
    postgres = subprocess.run(["psql", "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        f"### Cluster rush – {date.today().isoformat()}",
        "",
        f"Machine: {cpu_description()}, {postgres or 'PostgreSQL'}, shared with other "
        "work while it ran (figures are noisy). HAProxy → 2 web hosts (network namespaces, "
        "gunicorn, 2 sync workers each) → PgBouncer (transaction pooling) → PostgreSQL "
        "primary, streaming replica, Redis for the cache and rate limits (on), one worker "
        f"host. wrk, 2 threads, {args.connections} connections, `POST /api/v1/bookings` "
        f"on 1 000 random slots. Command: `make cluster && make cluster-rush`.",
        "",
        "| run | s | bookings/s | p50 ms | p99 ms | other answers | socket errors | web1 / web2 "
        "requests | replica lag max s |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for name, f in runs.items():
        lag = "–" if f["max_lag"] is None else f"{f['max_lag']:.2f}"
        other = ", ".join(f"{n} × {code}" for code, n in sorted(f["statuses"].items()))
        lines.append(
            f"| {name} | {f['seconds']:.0f} | {len(f['tokens']) / f['seconds']:.0f} | "
            f"{f['p50_ms']:.0f} | {f['p99_ms']:.0f} | {other or 'none'} | {f['socket_errors']} | "
            f"{f['per_host'].get('web1', 0)} / {f['per_host'].get('web2', 0)} | {lag} |"
        )
    killed = runs["web1 and the worker killed"]
    at = killed["events_at"]
    mails = checks["mails"]
    lines += [
        "",
        f"In the third run web1 was killed at {at[0]} s, the worker at {at[1]} s and "
        f"started again at {at[2]} s. Checks after the runs:",
        "",
        f"- counters equal rows, none over capacity: "
        f"{'yes' if checks['counters']['consistent'] else '**NO**'};",
        f"- bookings answered 201: {checks['acknowledged']}, of which not confirmed in the "
        f"database: {checks['lost']}; bookings made: "
        f"{checks['bookings']} (the difference: requests in flight when wrk stopped, which it "
        f"does not wait for, and any a killed host committed without answering); duplicate "
        f"idempotency keys: {checks['doubled']};",
        f"- confirmation e-mails: {checks['ledger']} in the ledger "
        f"for {checks['confirmed']} confirmed bookings; messages written per booking: "
        + ", ".join(f"{count} for {n} bookings" for count, n in sorted(mails.items()))
        + f"; tasks the dead worker held, put back: {checks['requeued']};",
        "- the balancer marked web1 down while it was dead: "
        + ("yes;" if checks["web1_marked_down"] else "**no**;"),
        f"- the one worker, once back, sent {checks['worker_emails_per_s']} confirmation "
        "e-mails per second (ticket with QR code and calendar file, file back-end).",
    ]
    write_section("cluster-rush", lines)


if __name__ == "__main__":
    main()
