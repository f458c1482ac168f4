import os
import shutil

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connections

from usines.testsupport import SlotFactory


@pytest.fixture
def slot(db):
    """A published public-day slot of 10 places, open for bookings now."""
    return SlotFactory()


@pytest.fixture
def deliver_emails(django_capture_on_commit_callbacks, monkeypatch):
    """Run what commits queued, then the real task worker once; return the outbox.

    Usage: `with deliver_emails.capture(): <service call>`, then `deliver_emails()`.
    """

    # The worker recycles connections between tasks; inside a test's transaction
    # that would close the very connection holding the test's data.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )

    class Delivery:
        capture = staticmethod(lambda: django_capture_on_commit_callbacks(execute=True))

        def __call__(self):
            call_command("db_worker", batch=True, verbosity=0)
            return mail.outbox

    return Delivery()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture
def browser():
    """Debian's Chromium driven by Playwright; the test is skipped without it."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by
    # the test itself between browser steps are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--no-first-run",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            yield chromium
            chromium.close()
            # The ORM calls the test made while Playwright's loop ran opened their own
            # connection (Django keeps one per async context): close it here, or
            # PostgreSQL refuses to drop the test database at the end of the run.
            connections.close_all()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
