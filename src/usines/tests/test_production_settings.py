"""Production settings are safe by default, and pages holding personal data are
never stored by a cache."""

import os
import subprocess
import sys
from pathlib import Path

from usines.bookings.services import Contact, book_visit

PROJECT = Path(__file__).resolve().parents[3]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PYTEST_VERSION", "DEBUG", "USINES_DEMO", "DATABASE_URL", "SECURE_COOKIES"}
    }
    environment.update(
        SECRET_KEY="k" * 20 + "a-long-random-production-key-of-many-characters",
        ALLOWED_HOSTS="usines.example",
        SITE_URL="https://usines.example",
        SQLITE_PATH=str(tmp_path / "prod.sqlite3"),
    )

    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_ticket_page_is_never_stored_and_the_home_page_may_be(client, slot):
    booking = book_visit(slot.pk, 2, Contact("Ana", "ana@example.org", "74300")).booking

    ticket = client.get(f"/reservation/{booking.token}/")
    api = client.get(f"/api/v1/bookings/{booking.token}")
    home = client.get("/")

    assert ticket["Cache-Control"] == "no-store, private"
    assert api["Cache-Control"] == "no-store, private"
    assert "no-store" not in home.get("Cache-Control", "")


def test_pages_carry_a_content_security_policy_without_inline_scripts(client, slot):
    policy = client.get("/")["Content-Security-Policy"]

    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("style-src-attr")[0]
    )
    assert "frame-ancestors 'self'" in policy
    assert "frame-ancestors" not in client.get("/widget/")["Content-Security-Policy"]
