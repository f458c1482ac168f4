"""The retention purge: personal data of old editions go, their figures stay; special
needs go the day after the visit; every purge is logged."""

from datetime import datetime, time, timedelta

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from usines.accounts.models import Role, User
from usines.bookings import desk
from usines.bookings.checkin import check_in
from usines.bookings.models import Booking, BookingAction, BookingsLink, WaitlistEntry
from usines.bookings.services import Contact, book_visit, join_waitlist
from usines.editions.models import Audience
from usines.notifications.models import SentEmail
from usines.privacy.models import PurgeLog, PurgeTrigger
from usines.privacy.services import months_before, purge_personal_data
from usines.reports.cells import build
from usines.scheduling.jobs import JOBS
from usines.scheduling.models import ScheduledJob
from usines.scheduling.services import ensure_schedules
from usines.schools import services as schools
from usines.schools.models import ClassGroup, ClassList, CoachPool
from usines.testsupport import EditionDayFactory, SlotFactory, class_details

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# What the old edition's rows say about people; none of it may survive the purge.
PERSONAL = [
    "Alice Dupont", "alice@example.org", "Bruno Vidal", "bruno@example.org",
    "Chloé Attente", "chloe@example.org", "prof@example.org", "Asthme sévère",
    "Arriver par le portail B", "Jeanne Élève", "Marcel Chauffeur", "0601020304",
]  # fmt: skip
PURGED_MODELS = [
    Booking, WaitlistEntry, ClassGroup, ClassList, CoachPool, BookingAction, SentEmail,
    BookingsLink,
]  # fmt: skip


def local(day, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


@pytest.fixture
def old_edition(teacher):
    """An edition with two visitors (one checked in, one ticket resent by the help
    desk), a waiting list, a class with special needs, a name list and a coach."""
    public = SlotFactory(capacity=3)
    edition = public.day.edition
    school_day = EditionDayFactory(
        edition=edition, audience=Audience.SCHOOL, date=public.day.date - timedelta(days=1)
    )
    school_slot = SlotFactory(day=school_day, capacity=60, visit__minimum_age=12)
    site = school_slot.visit.participation.site
    site.requires_named_visitors = True
    site.save()
    alice = book_visit(public.pk, 2, Contact("Alice Dupont", "alice@example.org", "74300"))
    book_visit(public.pk, 1, Contact("Bruno Vidal", "bruno@example.org", "69001"))
    join_waitlist(public.pk, 1, Contact("Chloé Attente", "chloe@example.org", "74000"))
    check_in(public.visit.participation, public.day, alice.booking.checkin_code, None, force=True)
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    desk.resend_ticket(alice.booking, organiser)
    SentEmail.objects.create(key="return:1:1:alice@example.org")
    details = class_details(pupils=3, girls=1, adults=1, special_needs="Asthme sévère",
                            note_to_host="Arriver par le portail B")  # fmt: skip
    group = schools.book_class(school_slot.pk, teacher, details).booking.class_group
    schools.attach_class_list(group, "Jeanne Élève\nPaul Élève\nLéa Élève\nM. Prof")
    CoachPool.objects.create(
        day=school_day, region=site.commune.department.region, coach_seats=50, seats_used=4,
        estimated_km=12, driver_name="Marcel Chauffeur", driver_phone="0601020304",
    )  # fmt: skip
    return edition


def after_retention(edition, settings) -> datetime:
    last_day = max(day.date for day in edition.days.all())
    return local(last_day + timedelta(days=31 * settings.PERSONAL_DATA_MONTHS + 1))


def personal_data_left() -> list[str]:
    dump = "".join(serializers.serialize("json", model.objects.all()) for model in PURGED_MODELS)
    dump = dump.encode().decode("unicode_escape") if "\\u" in dump else dump
    return [marker for marker in PERSONAL if marker in dump]


def totals(edition) -> dict:
    bookings = Booking.objects.filter(slot__day__edition=edition)
    return {
        "figures": build(edition),
        "bookings": bookings.count(),
        "places": bookings.aggregate(places=Sum("party_size"))["places"],
        "checked_in": bookings.filter(checked_in_at__isnull=False).count(),
        "waiting": WaitlistEntry.objects.filter(slot__day__edition=edition).count(),
        "pupils": ClassGroup.objects.aggregate(pupils=Sum("pupils"), girls=Sum("girls")),
        "statuses": sorted(bookings.values_list("status", flat=True)),
    }


def test_the_purge_keeps_every_total_and_leaves_no_personal_data_of_an_old_edition(
    old_edition, settings
):
    before = totals(old_edition)
    assert len(personal_data_left()) == len(PERSONAL)  # the markers are really there

    log = purge_personal_data(after_retention(old_edition, settings))

    assert totals(old_edition) == before
    assert personal_data_left() == []
    assert (log.bookings, log.waitlist_entries, log.classes) == (3, 1, 1)
    assert (log.class_lists, log.coach_drivers) == (1, 1)
    assert log.editions == old_edition.name


def test_a_recent_edition_keeps_its_personal_data(old_edition, settings):
    recent = SlotFactory(day__date=timezone.localdate() + timedelta(days=400))
    book_visit(recent.pk, 1, Contact("Dora Récente", "dora@example.org", "74300"))

    purge_personal_data(after_retention(old_edition, settings) - timedelta(days=40))

    assert Booking.objects.filter(email="alice@example.org").exists()
    purge_personal_data(after_retention(old_edition, settings))
    assert Booking.objects.get(slot=recent).email == "dora@example.org"


def test_the_retention_period_is_a_setting(old_edition, settings):
    settings.PERSONAL_DATA_MONTHS = 24

    purge_personal_data(after_retention(old_edition, settings) - timedelta(days=365))

    assert Booking.objects.filter(email="alice@example.org").exists()


def test_a_second_purge_counts_nothing_again(old_edition, settings):
    moment = after_retention(old_edition, settings)
    purge_personal_data(moment)

    again = purge_personal_data(moment)

    assert again.total == 0
    assert PurgeLog.objects.count() == 2


def test_special_needs_and_notes_go_the_day_after_the_visit_and_the_counts_stay(slot, teacher):
    school_slot = SlotFactory(day=EditionDayFactory(audience=Audience.SCHOOL), capacity=60,
                              visit__minimum_age=12)  # fmt: skip
    details = class_details(special_needs="Fauteuil roulant", note_to_host="Deux bus")
    group = schools.book_class(school_slot.pk, teacher, details).booking.class_group
    visit_day = school_slot.day.date

    purge_personal_data(local(visit_day, 20))
    group.refresh_from_db()
    assert group.special_needs == "Fauteuil roulant"

    log = purge_personal_data(local(visit_day + timedelta(days=1), 3))
    group.refresh_from_db()
    assert (group.special_needs, group.note_to_host) == ("", "")
    assert (group.pupils, group.girls, group.adults) == (28, 13, 2)
    assert log.class_notes == 1
    assert Booking.objects.get(class_group=group).email == "prof@example.org"  # not yet


def test_the_daily_job_runs_the_purge_and_logs_it():
    job = JOBS["purge_personal_data"]

    count = job.run()

    assert job.interval == timedelta(days=1) and job.at is not None
    assert PurgeLog.objects.get().trigger == PurgeTrigger.SCHEDULED
    assert count == 0


def test_the_task_worker_runs_the_purge_at_its_time_and_logs_it(monkeypatch):
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    ensure_schedules()
    due = timezone.now() - timedelta(minutes=1)
    job = ScheduledJob.objects.get(name="purge_personal_data")
    ScheduledJob.objects.filter(pk=job.pk).update(next_run_at=due)
    DBTaskResult.objects.filter(pk=job.pending_task_id).update(run_after=due)

    call_command("db_worker", batch=True, verbosity=0)

    assert ScheduledJob.objects.get(pk=job.pk).last_succeeded is True
    assert PurgeLog.objects.get().trigger == PurgeTrigger.SCHEDULED


def test_the_command_purges_and_logs_it(old_edition, settings, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: after_retention(old_edition, settings))

    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115

    log = PurgeLog.objects.get()
    assert log.trigger == PurgeTrigger.COMMAND
    assert log.bookings == 3


def test_organisers_see_each_purge_and_its_counts_on_the_scheduled_work_page(
    client, old_edition, settings
):
    purge_personal_data(after_retention(old_edition, settings))
    organiser = User.objects.create_user(
        "n@example.org", "n@example.org", "pw", role=Role.ORGANISER
    )
    client.force_login(organiser)

    html = client.get("/organisation/travaux-planifies/", **EN).content.decode()

    assert 'id="purges-title"' in html
    assert "Bookings anonymised" in html
    assert old_edition.name in html


def test_months_before_keeps_the_day_or_the_month_s_last():
    assert months_before(datetime(2027, 3, 31).date(), 1) == datetime(2027, 2, 28).date()
    assert months_before(datetime(2027, 3, 19).date(), 12) == datetime(2026, 3, 19).date()
