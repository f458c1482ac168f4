"""Deleting what a class's booking says about people, while its counts stay.

The day after the visit, the special needs (possibly about a pupil's health) and the
note to the host are cleared (`purge_class_notes`); the name lists go the same day
(`services.purge_class_lists`). When an edition's retention runs out
(`purge_editions`), its classes, name lists and coach drivers lose the rest: the
classes keep level, track, pupils, girls, adults and presence, which the figures
count. The teacher's contact on the booking row is cleared by `bookings.retention`.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from usines.schools.models import ClassGroup, ClassList, CoachPool


def _visit_before(day: date) -> Q:
    return Q(booking__slot__day__date__lt=day) | Q(waitlist_entry__slot__day__date__lt=day)


def purge_class_notes(now: datetime | None = None) -> int:
    """Clear the special needs and the note to the host of every class whose visit day
    is over; returns how many classes had any."""
    today = timezone.localdate(now or timezone.now())
    with_notes = ClassGroup.objects.filter(_visit_before(today)).exclude(
        special_needs="", note_to_host=""
    )
    ids = list(with_notes.values_list("pk", flat=True).distinct())
    return ClassGroup.objects.filter(pk__in=ids).update(special_needs="", note_to_host="")


@dataclass(frozen=True)
class ClassesPurged:
    classes: int
    class_lists: int
    coach_drivers: int


def _of_editions(edition_ids: list[int]) -> Q:
    return Q(booking__slot__day__edition_id__in=edition_ids) | Q(
        waitlist_entry__slot__day__edition_id__in=edition_ids
    )


@transaction.atomic
def purge_editions(edition_ids: list[int], now: datetime | None = None) -> ClassesPurged:
    """Clear these editions' classes (special needs, note), delete their name lists and
    their coach drivers' names and phones."""
    now = now or timezone.now()
    ids = list(ClassGroup.objects.filter(_of_editions(edition_ids)).values_list("pk", flat=True))
    classes = ClassGroup.objects.filter(pk__in=ids, anonymised_at__isnull=True).update(
        special_needs="", note_to_host="", anonymised_at=now
    )
    class_lists = ClassList.objects.filter(class_group_id__in=ids).delete()[0]
    drivers = (
        CoachPool.objects.filter(day__edition_id__in=edition_ids)
        .exclude(driver_name="", driver_phone="")
        .update(driver_name="", driver_phone="")
    )
    return ClassesPurged(classes, class_lists, drivers)
