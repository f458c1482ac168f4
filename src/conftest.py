import os
import shutil

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django_ratelimit import core as ratelimit_core

from usines.accounts.models import Role, User
from usines.api import kept as api_kept
from usines.bookings import recent
from usines.editions.models import Audience
from usines.factories import kept as factories_kept
from usines.outreach.models import Network, Relay
from usines.reference.models import Department
from usines.schools import services as schools
from usines.schools.models import School, uai_check_letter
from usines.testsupport import EditionDayFactory, SlotFactory, confirmed_teacher, place_commune

DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


@pytest.fixture(autouse=True)
def one_rate_window(monkeypatch):
    """Within one test, each rate limit counts in one window: the one current when the
    test first counted. django-ratelimit's windows end on the clock, and a slow test
    could otherwise straddle the end of one and count afresh."""
    windows = {}
    current = ratelimit_core._get_window

    def window(value, period):
        return windows.setdefault((value, period), current(value, period))

    monkeypatch.setattr(ratelimit_core, "_get_window", window)


@pytest.fixture(autouse=True)
def fresh_rate_limits(request, django_db_blocker):
    """Every test that reaches the database starts with no request counted (the
    counters live in the cache table, which outlives a test's transaction) and no
    slot remembered by the booking path (a rolled-back slot's id comes back), nor site
    by near-me, and the booking path looks for changes announced at its first read."""
    recent.forget()
    recent.look_again()
    factories_kept.forget()
    api_kept.forget()
    if request.node.get_closest_marker("django_db") or DATABASE_FIXTURES & set(
        request.fixturenames
    ):
        request.getfixturevalue("django_db_setup")
        with django_db_blocker.unblock():
            cache.clear()


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


@pytest.fixture
def school_slot(db):
    """A school-day slot of 60 places for pupils aged 12 and over."""
    day = EditionDayFactory(audience=Audience.SCHOOL)
    return SlotFactory(day=day, capacity=60, visit__minimum_age=12)


@pytest.fixture
def teacher(db):
    """A teacher of the Lycée Charles Poncet (Cluses)."""
    user = User.objects.create_user("prof@example.org", "prof@example.org", "pw", role=Role.TEACHER)
    confirmed_teacher(user, School.objects.create(uai="0740003B", name="Lycée Charles Poncet"))
    return user


SALLANCHES = (45.9364, 6.6317)
PASSY = (45.9233, 6.6897)  # 5 km from Sallanches
LYON = (45.764, 4.8357)


@pytest.fixture
def coach_classes(db):
    """Three classes, from schools near Sallanches and at Lyon, booked on one school
    slot at Cluses, each asking for a coach; returns the slot and the teachers."""
    day = EditionDayFactory(audience=Audience.SCHOOL)
    slot = SlotFactory(day=day, capacity=200, visit__minimum_age=0)
    teachers = []
    for n, (name, point, pupils) in enumerate(
        [("Lycée du Mont-Blanc", SALLANCHES, 28), ("Collège de Passy", PASSY, 20),
         ("Lycée de Lyon", LYON, 25)]
    ):  # fmt: skip
        digits = f"074900{n}"
        school = School.objects.create(
            uai=digits + uai_check_letter(digits), name=name, latitude=point[0], longitude=point[1]
        )
        teacher = User.objects.create_user(f"t{n}@example.org", f"t{n}@example.org", "pw",
                                           role=Role.TEACHER)  # fmt: skip
        confirmed_teacher(teacher, school)
        schools.book_class(
            slot.pk,
            teacher,
            schools.ClassDetails("2de", "general", pupils, pupils // 2, 2),
            coach=schools.CoachWish(seats=pupils + 2),
        )
        teachers.append(teacher)
    return slot, teachers


@pytest.fixture
def network(db):
    return Network.objects.create(name="Réseau test")


@pytest.fixture
def relay(network):
    """A relay of `network` in Haute-Savoie."""
    user = User.objects.create_user("relay@example.org", "relay@example.org", "pw", role=Role.RELAY)
    item = Relay.objects.create(user=user, network=network)
    place_commune("cluses")
    item.departments.set(Department.objects.filter(code="74"))
    return user


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
