"""The periodic jobs: what each one runs, how often, and how its outcome reads.

Each job runs a service of the app that owns the rows and returns a number (offers
expired, lists deleted…), which the console puts in words in the reader's language.
The sweeps catch what the tasks scheduled at a precise time (an offer's deadline, the
day after a visit) missed while no worker ran.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from usines.bookings.release import release_due_places
from usines.bookings.reminders import send_due_reminders
from usines.bookings.services import expire_due_offers
from usines.editions.maintenance import analyze_database
from usines.editions.models import Edition
from usines.factories.models import Participation
from usines.mailinglist.services import purge_pending
from usines.notifications.queue import requeue_stale_tasks
from usines.privacy.services import purge_personal_data
from usines.reports.cells import refresh
from usines.reports.services import open_phase_snapshots
from usines.schools.services import purge_class_lists
from usines.surveys.tasks import queue_after_surveys


@dataclass(frozen=True)
class Job:
    name: str
    label: Promise
    interval: timedelta
    run: Callable[[], int]
    outcome: Callable[[int], str]
    at: time | None = None  # a daily job's local time


def _phase_snapshots() -> int:
    edition = Edition.objects.current()
    if edition is None:
        return 0
    return len(open_phase_snapshots(edition, Participation.objects.filter(edition=edition)))


def _figures() -> int:
    edition = Edition.objects.current()
    if edition is None:
        return 0
    refresh(edition)
    return 1


JOBS = {
    job.name: job
    for job in (
        Job(
            "requeue_stale_tasks",
            _("Tasks a stopped worker left half-run, put back in the queue"),
            timedelta(minutes=5),
            requeue_stale_tasks,
            lambda n: (
                ngettext("%(n)s task put back in the queue", "%(n)s tasks put back in the queue", n)
                % {"n": n}
            ),
        ),
        Job(
            "expire_waitlist_offers",
            _("Waiting-list offers past their deadline"),
            timedelta(minutes=10),
            expire_due_offers,
            lambda n: ngettext("%(n)s offer expired", "%(n)s offers expired", n) % {"n": n},
        ),
        Job(
            "release_no_shows",
            _("Places of visitors not checked in by the release time, on the day"),
            timedelta(minutes=1),
            release_due_places,
            lambda n: ngettext("%(n)s place released", "%(n)s places released", n) % {"n": n},
        ),
        Job(
            "send_reminders",
            _("Reminders before the visit, and places of those who did not answer"),
            timedelta(minutes=15),
            send_due_reminders,
            lambda n: ngettext("%(n)s reminder queued", "%(n)s reminders queued", n) % {"n": n},
        ),
        Job(
            "refresh_figures",
            _("The dashboards' figures"),
            timedelta(minutes=15),
            _figures,
            lambda n: _("Figures rebuilt") if n else _("No current edition"),
        ),
        Job(
            "purge_class_lists",
            _("Pupils' names, deleted the day after the visit"),
            timedelta(days=1),
            purge_class_lists,
            lambda n: (
                ngettext("%(n)s class list deleted", "%(n)s class lists deleted", n) % {"n": n}
            ),
            at=time(3, 30),
        ),
        Job(
            "purge_mailinglist_requests",
            _("Requests for the next edition's news never confirmed, deleted after 30 days"),
            timedelta(days=1),
            purge_pending,
            lambda n: ngettext("%(n)s request deleted", "%(n)s requests deleted", n) % {"n": n},
            at=time(3, 35),
        ),
        Job(
            "send_after_surveys",
            _("The after-visit survey, e-mailed the evening of the visit"),
            timedelta(days=1),
            queue_after_surveys,
            lambda n: ngettext("%(n)s survey e-mailed", "%(n)s surveys e-mailed", n) % {"n": n},
            at=time(19, 0),
        ),
        Job(
            "purge_personal_data",
            _("Personal data past their retention (special needs the day after the visit)"),
            timedelta(days=1),
            lambda: purge_personal_data().total,
            lambda n: (
                ngettext(
                    "%(n)s record's personal data deleted",
                    "%(n)s records' personal data deleted",
                    n,
                )
                % {"n": n}
            ),
            at=time(3, 35),
        ),
        Job(
            "take_phase_snapshots",
            _("Representativeness snapshot at each phase's end"),
            timedelta(days=1),
            _phase_snapshots,
            lambda n: ngettext("%(n)s snapshot taken", "%(n)s snapshots taken", n) % {"n": n},
            at=time(3, 45),
        ),
        Job(
            "analyze_database",
            _("The database's planner statistics (SQLite)"),
            timedelta(days=1),
            lambda: int(analyze_database(nightly=True)),
            lambda n: _("Statistics refreshed") if n else _("Not needed on PostgreSQL"),
            at=time(4, 0),
        ),
    )
}
