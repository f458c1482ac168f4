"""Factories taking part again: last time's participation, its slots moved to the new
edition's days, and the invitation of last year's hosts.

`services.take_part_again` makes the new draft (with `copy_visit`); the invitation
only e-mails a link to it.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.editions.models import Edition, EditionDay
from usines.factories import tasks
from usines.factories.exceptions import NotReady
from usines.factories.models import Participation, ParticipationStatus, Site, Slot, Visit


def previous_participation(site: Site, edition: Edition) -> Participation | None:
    """The site's latest participation with a visit, in another edition."""
    return (
        Participation.objects.filter(site=site, visit__isnull=False)
        .exclude(edition=edition)
        .select_related("visit", "edition")
        .order_by("-edition__year", "-pk")
        .first()
    )


def _days_by_audience(edition: Edition) -> dict[str, list[EditionDay]]:
    days: dict[str, list[EditionDay]] = {}
    for day in edition.days.order_by("date"):
        days.setdefault(day.audience, []).append(day)
    return days


def copy_visit(previous: Participation, participation: Participation) -> Visit:
    """The previous participation's visit (description, jobs, ages, rules…) as the
    visit of `participation`, with its slots (`copy_slots`)."""
    visit = Visit.objects.get(pk=previous.visit.pk)
    jobs = list(visit.jobs.all())
    visit.pk = visit.id = None
    visit._state.adding = True
    visit.participation = participation
    visit.save()
    visit.jobs.set(jobs)
    copy_slots(previous, visit)
    return visit


def copy_slots(previous: Participation, visit: Visit) -> list[Slot]:
    """The previous visit's open slots, on `visit`'s edition's days: the first school
    day's slots go to the new first school day, and so on for each audience, each at
    the same time of day, for as long and with as many places. A slot whose day has
    no counterpart in the new edition is left out. Nothing is booked on the copies."""
    old_days = _days_by_audience(previous.edition)
    new_days = _days_by_audience(visit.participation.edition)
    moved = {
        old.pk: new
        for audience, days in old_days.items()
        for old, new in zip(days, new_days.get(audience, []), strict=False)
    }
    tz = timezone.get_current_timezone()
    copies = []
    for slot in previous.visit.slots.filter(is_cancelled=False).order_by("starts_at"):
        day = moved.get(slot.day_id)
        if day is None:
            continue
        starts_at = datetime.combine(day.date, timezone.localtime(slot.starts_at).time(), tz)
        copies.append(
            Slot(
                visit=visit,
                day=day,
                audience=slot.audience,
                starts_at=starts_at,
                ends_at=starts_at + (slot.ends_at - slot.starts_at),
                capacity=slot.capacity,
            )
        )
    return Slot.objects.bulk_create(copies)


@transaction.atomic
def invite_previous_hosts(edition: Edition) -> int:
    """E-mail the team of each site published in the previous edition (and not yet
    back) a link to take part in `edition` with last time's visit and slots; returns
    how many sites are invited. Each address receives it once per edition, however
    often this runs (the task's once-key). Raises NotReady while the edition is a
    draft or has no previous edition."""
    if not edition.is_published:
        raise NotReady(_("Publish the edition first: hosts cannot take part in a draft."))
    previous = edition.previous()
    if previous is None:
        raise NotReady(_("No earlier edition: there are no hosts to invite back."))
    site_ids = list(
        Participation.objects.filter(edition=previous, status=ParticipationStatus.PUBLISHED)
        .exclude(site__participations__edition=edition)
        .values_list("site_id", flat=True)
    )
    for site_id in site_ids:
        tasks.send_return_invitation.enqueue(site_id, edition.pk)
    return len(site_ids)
