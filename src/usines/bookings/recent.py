"""What this process read lately about slots being booked (see rules.slot_facts) and
about their editions' calendars (rules.edition_calendar).

A rush books the same few thousand slots over and over; their audience, start, day,
window and host change rarely, and their edition's phases more rarely still. So a
process keeps them long (SLOT_FACTS_SECONDS, 300 s), and forgets them when they
change:

- saving or deleting a model in SOURCES, or a ballot (the receivers connected in
  apps.py), forgets at once, in this process, what the change may touch: the slots
  of one visit, participation, site or day, or everything for an edition or its
  phases (`changed`). Once the change is committed, a `FactsChange` row says the
  same to the other processes, one per transaction and target;
- every process reads the rows written since its last look at most every
  SLOT_FACTS_CHECK_SECONDS (1 s; `look_elsewhere`, one query on a small table), and
  forgets what each names. A change saved anywhere reaches every process within
  about a second, and a host editing one visit does not make every process read
  every other visit again;
- what changes without a signal (a bulk update, an edit in the database) reaches
  a process when its copy expires, within SLOT_FACTS_SECONDS.

Places are never decided from here: `capacity.take_places` decides them, and refuses
a slot cancelled meanwhile. No model is imported here, so that apps.py can connect
the receivers: the one model this module writes and reads is looked up by name.
"""

import time
from collections.abc import Callable, Hashable
from functools import partial
from typing import Any

from cachetools import TLRUCache, TTLCache
from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def staggered_cache(
    maxsize: int,
    seconds: float,
    group: Callable[[Hashable, Any], int],
    timer: Callable[[], float] = time.monotonic,
) -> TLRUCache:
    """A cache whose entries are kept between half of `seconds` and `seconds`: the
    same time for the entries of one group (`group(key, value)`, a visit), spread
    over that range across groups. A rush reads every visit it books in its first
    seconds; with one lifetime for all, every process would read them all again at
    once, `seconds` later, and again after that."""

    def expiry(key: Hashable, value: Any, now: float) -> float:
        share = (group(key, value) * 2654435761) % 2**32 / 2**32  # spread evenly over [0, 1)
        return now + seconds * (1 + share) / 2

    return TLRUCache(maxsize=maxsize, ttu=expiry, timer=timer)


slots: TLRUCache = staggered_cache(
    50_000, settings.SLOT_FACTS_SECONDS, lambda slot_id, slot: slot.visit_id
)
calendars: TTLCache = TTLCache(maxsize=100, ttl=settings.SLOT_FACTS_SECONDS)

# Saving one of these may change what the booking rules read about a slot: each
# model's scope, and the id of what it names in that scope. What an edition or its
# phases change touches every slot. (ballots/apps.py adds the ballots' own.)
SOURCES: dict[str, tuple[str, Callable[[Any], int | None]]] = {
    "factories.Slot": ("visit", lambda slot: slot.visit_id),
    "factories.Visit": ("visit", lambda visit: visit.pk),
    "factories.Participation": ("participation", lambda participation: participation.pk),
    "factories.Site": ("site", lambda site: site.pk),
    "editions.EditionDay": ("day", lambda day: day.pk),
    "editions.Edition": ("all", lambda edition: None),
    "editions.Phase": ("all", lambda phase: None),
}

# Which kept slots a scope's target names.
_IN_SCOPE: dict[str, Callable[[Any], int]] = {
    "visit": lambda slot: slot.visit_id,
    "participation": lambda slot: slot.visit.participation_id,
    "site": lambda slot: slot.visit.participation.site_id,
    "day": lambda slot: slot.day_id,
}

# What the layers above keep on the same terms (ballots.recent): forgotten with
# everything, and on a ballot's change.
_also_forgotten: list[Callable[[], None]] = []


def also_forget(forget_them: Callable[[], None]) -> None:
    """Have `forget_them()` called whenever everything or the ballots are forgotten."""
    _also_forgotten.append(forget_them)


def forget(slot_id: int | None = None) -> None:
    """Drop what this process remembers of a slot (of every slot, every calendar and
    what registered with `also_forget`, without an id)."""
    if slot_id is not None:
        slots.pop(slot_id, None)
        return
    forget_scope("all", None)


def forget_scope(scope: str, target: int | None) -> None:
    """Drop what a change in `scope` to `target` may touch (see SOURCES)."""
    if scope in _IN_SCOPE:
        named = _IN_SCOPE[scope]
        for slot_id in [key for key, slot in slots.items() if named(slot) == target]:
            slots.pop(slot_id, None)
        return
    if scope == "all":
        slots.clear()
        calendars.clear()
    for forget_them in _also_forgotten:
        forget_them()


# --- Telling the other processes ---------------------------------------------------

# A transaction naming more targets than this tells the others to forget everything.
MOST_TARGETS = 100
# Rows kept in the table; a process that has not looked for longer forgets everything.
KEPT_ROWS = 10_000
# How far back each look reads again, for a row committed just after a newer one.
LATE_ROWS = 20
# More new rows than this in one look: forget everything.
MOST_ROWS = 1_000


def _changes():
    return apps.get_model("bookings", "FactsChange").objects


class _Announcement:
    """The targets one transaction changed, written as rows once it commits."""

    def __init__(self, scope: str, target: int | None) -> None:
        self.targets: set[tuple[str, int | None]] = {(scope, target)}
        self.written = False

    def __call__(self) -> None:
        self.written = True
        targets = self.targets if len(self.targets) <= MOST_TARGETS else {("all", None)}
        changes = _changes()
        written = changes.bulk_create(
            [changes.model(scope=scope, target=target) for scope, target in targets]
        )
        newest = max(row.pk for row in written)
        changes.filter(pk__lte=newest - KEPT_ROWS).delete()


def watch(label: str, scope: str, target_of: Callable[[Any], int | None]) -> None:
    """Forget, here and in every process, what a save or deletion of the model
    `label` may touch: `scope` ("all", "ballots" or a key of _IN_SCOPE) and the id
    `target_of(instance)` names in it."""
    for signal in (post_save, post_delete):
        signal.connect(
            partial(changed, scope, target_of),
            sender=label,
            weak=False,
            dispatch_uid=f"recent-{label}-{signal is post_save}",
        )


def changed(scope: str, target_of: Callable[[Any], int | None], instance, **signal) -> None:
    """A watched model was saved or deleted: forget here, now, what it may touch,
    and tell the other processes once the change is committed (not before, or they
    could read the old rows again)."""
    target = target_of(instance)
    forget_scope(scope, target)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        _Announcement(scope, target)()
        return
    for _savepoints, callback, _robust in connection.run_on_commit:
        if isinstance(callback, _Announcement) and not callback.written:
            callback.targets.add((scope, target))
            return
    transaction.on_commit(_Announcement(scope, target))


class _Looked:
    newest: int | None = None  # the newest row seen; None: not looked yet
    applied: set[int] = set()  # rows seen among the last LATE_ROWS
    next_look: float = float("-inf")


def look_elsewhere(timer: Callable[[], float] = time.monotonic) -> None:
    """Forget what the changes other processes announced since this one last looked
    name; looks at most every SLOT_FACTS_CHECK_SECONDS. A process's first look
    forgets everything (it kept nothing it can vouch for)."""
    now = timer()
    if now < _Looked.next_look:
        return
    _Looked.next_look = now + settings.SLOT_FACTS_CHECK_SECONDS
    changes = _changes().order_by("-pk").values_list("pk", "scope", "target")
    if _Looked.newest is None:  # everything forgotten; the latest rows count as seen
        rows = list(changes[:LATE_ROWS])
        forget()
    else:
        rows = list(changes.filter(pk__gt=_Looked.newest - LATE_ROWS)[:MOST_ROWS])
        if len(rows) == MOST_ROWS:  # too many, or the rows since are deleted already
            forget()
        else:
            for pk, scope, target in rows:
                if pk not in _Looked.applied:
                    forget_scope(scope, target)
    if rows:
        _Looked.newest = max(rows[0][0], _Looked.newest or 0)
        _Looked.applied = {pk for pk, _, _ in rows if pk > _Looked.newest - LATE_ROWS}
    elif _Looked.newest is None:
        _Looked.newest = 0


def look_again() -> None:
    """Have the next `look_elsewhere` read the changes whatever the time, as a process's
    first look (tests: each test's rows start afresh)."""
    _Looked.newest = None
    _Looked.applied = set()
    _Looked.next_look = float("-inf")
