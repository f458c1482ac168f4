"""Real processes, really killed: a booking rush on gunicorn loses no booking and
doubles none when a web worker is killed with SIGKILL, and every confirmed booking
gets its confirmation e-mail exactly once although the task worker is killed too
(and, on PostgreSQL, the database restarts)."""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from email import message_from_bytes
from pathlib import Path

import pytest
from django.db import connection, connections
from django.db.models import Sum

from usines.bookings.models import Booking, BookingStatus
from usines.notifications.models import SentEmail
from usines.testsupport import SlotFactory

BIN = Path(sys.executable).parent
SOURCE = Path(__file__).resolve().parents[2]
CAPACITY = 30
VISITORS = 45  # more than the places: the last ones are refused, never doubled


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    return (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST'] or '127.0.0.1'}"
        f":{settings['PORT'] or 5432}/{settings['NAME']}"
    )


def _environment(mail_dir: Path) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": "fault-test-secret-key-" + "x" * 30,
        "ALLOWED_HOSTS": "127.0.0.1",
        "USINES_DEMO": "1",  # plain HTTP on loopback
        "RATE_LIMITS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def _book(port: int, slot_id: int, n: int, outcomes: dict) -> None:
    """One visitor, retrying with the same key after a dropped connection or a 5xx,
    as a browser or a client library would."""
    body = json.dumps(
        {
            "slot": slot_id,
            "party_size": 1,
            "name": f"Visiteur {n}",
            "email": f"v{n}@example.org",
            "postcode": "74300",
            "idempotency_key": f"rush-key-{n:04d}",
            "consent": True,
        }
    ).encode()
    for _attempt in range(8):
        request = urllib.request.Request(  # noqa: S310 - loopback, our own server
            f"http://127.0.0.1:{port}/api/v1/bookings",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
                outcomes[n] = json.loads(response.read())["status"]
                return
        except urllib.error.HTTPError as error:
            if error.code < 500:
                try:
                    outcomes[n] = json.loads(error.read())["code"]
                    return
                except (OSError, http.client.HTTPException, ValueError):
                    pass  # the refusal was cut off: ask again
        except (OSError, http.client.HTTPException, ValueError):
            pass  # dropped connection, cut response or half a body: retry with the same key
        time.sleep(0.3)
    outcomes[n] = "gave up"


def _kill_one_web_worker(master: subprocess.Popen) -> None:
    children = subprocess.run(  # noqa: S603
        [shutil.which("pgrep"), "-P", str(master.pid)], capture_output=True, text=True
    ).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)


def _restart_postgresql() -> bool:
    """Restart the cluster the tests use, when this machine lets us (CI as root)."""
    if connection.vendor != "postgresql" or not os.environ.get("FAULT_RESTART_POSTGRES"):
        return False
    cluster = subprocess.run(  # noqa: S603
        [shutil.which("pg_lsclusters"), "-h"], capture_output=True, text=True
    ).stdout.split()
    subprocess.run(  # noqa: S603
        [shutil.which("pg_ctlcluster"), cluster[0], cluster[1], "restart"], check=True
    )
    connections.close_all()
    return True


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not shutil.which("pgrep"), reason="needs pgrep (procps)")
def test_a_rush_loses_and_doubles_nothing_when_workers_are_killed(tmp_path):
    slot = SlotFactory(capacity=CAPACITY)
    mail_dir = tmp_path / "mail"
    environment = _environment(mail_dir)
    port = _free_port()
    web = subprocess.Popen(  # noqa: S603
        [BIN / "gunicorn", "usines.wsgi", "--chdir", SOURCE, "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--log-level", "warning"],
        env=environment,
    )  # fmt: skip
    worker = None
    try:
        _wait_until_up(port)
        outcomes: dict[int, str] = {}
        visitors = [
            threading.Thread(target=_book, args=(port, slot.pk, n, outcomes))
            for n in range(VISITORS)
        ]
        worker = subprocess.Popen(  # noqa: S603
            [BIN / "python", SOURCE.parent / "manage.py", "db_worker", "--interval", "0.2"],
            env=environment,
        )
        for index, visitor in enumerate(visitors):
            visitor.start()
            if index == VISITORS // 3:
                _kill_one_web_worker(web)  # mid-rush; gunicorn starts another
            if index == VISITORS // 2:
                worker.send_signal(signal.SIGKILL)  # the task worker too
        for visitor in visitors:
            visitor.join(timeout=120)
        restarted = _restart_postgresql()

        # The worker is back: abandoned tasks go back to the queue, and it runs them all.
        manage = [BIN / "python", SOURCE.parent / "manage.py"]
        subprocess.run(  # noqa: S603
            [*manage, "requeue_stale_tasks", "--older-than", "0"], env=environment, check=True
        )
        subprocess.run(  # noqa: S603
            [*manage, "db_worker", "--batch"], env=environment, check=True, timeout=300
        )
    finally:
        web.send_signal(signal.SIGTERM)
        web.wait(timeout=30)
        if worker is not None and worker.poll() is None:
            worker.kill()

    connections.close_all()
    confirmed = Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED)
    assert sorted(set(outcomes.values())) == ["confirmed", "slot_full"], outcomes
    assert list(outcomes.values()).count("confirmed") == CAPACITY == confirmed.count()
    assert len(set(confirmed.values_list("idempotency_key", flat=True))) == CAPACITY
    slot.refresh_from_db()
    assert slot.booked == confirmed.aggregate(places=Sum("party_size"))["places"] == CAPACITY

    tickets: dict[str, int] = {}
    for path in mail_dir.iterdir():
        for message in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if message.strip():
                to = message_from_bytes(message.strip())["To"]
                tickets[to] = tickets.get(to, 0) + 1
    assert sorted(tickets) == sorted(confirmed.values_list("email", flat=True))
    assert set(tickets.values()) == {1}  # exactly once each
    assert SentEmail.objects.filter(key__startswith="booking_confirmed:").count() == CAPACITY
    assert (
        restarted or connection.vendor == "sqlite" or not os.environ.get("FAULT_RESTART_POSTGRES")
    )
