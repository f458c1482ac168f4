"""What every benchmark shares: the machine's description and its section of the report."""

import contextlib
import os
import platform
from pathlib import Path

REPORT = Path(__file__).resolve().parents[1] / "docs" / "performance.md"


def cpu_description() -> str:
    """ "2 cores (AMD EPYC …)" from /proc/cpuinfo when there is one."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError, StopIteration):
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def write_section(name: str, lines: list[str]) -> None:
    """Replace the text between <!-- name --> and <!-- /name --> (appending it if absent)."""
    text = REPORT.read_text() if REPORT.exists() else "# Performance\n"
    start, end = f"<!-- {name} -->", f"<!-- /{name} -->"
    head, found, tail = text.partition(start)
    tail = tail.split(end, 1)[-1] if found else "\n"
    if not found:
        head = head.rstrip("\n") + "\n\n"
    REPORT.write_text(f"{head}{start}\n" + "\n".join(lines) + f"\n{end}" + tail)
    print(f"Written to {REPORT}")


def prepare_database(default_db: Path, factories: int, bookings: int, rebuild: bool) -> None:
    """Migrate, load the reference data and static files, and generate the demo
    edition unless the database already holds about that many bookings."""
    import time

    import django

    if rebuild and default_db.exists() and "sqlite" in os.environ["DATABASE_URL"]:
        default_db.unlink()
    django.setup()
    from django.core.management import call_command

    from usines.bookings.models import Booking
    from usines.factories.models import Participation

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_reference", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if Participation.objects.count() < factories or Booking.objects.count() < bookings * 0.9:
        started = time.perf_counter()
        call_command(
            "generate_demo", factories=factories, bookings=bookings, reset=True, verbosity=0
        )
        print(f"generated in {time.perf_counter() - started:.0f} s")
    call_command("analyze_database", verbosity=0)  # a database built by hand may have none
