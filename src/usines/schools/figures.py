"""The school day in figures: classes, pupils and girls, booked and present, by level,
region or sector.

`class_rows` is one grouped query whatever the number of bookings; `summarise` sums
its rows (or the edition figures' stored ones) into a table with a total.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from usines.bookings.models import BookingStatus
from usines.reference.models import Region, Sector
from usines.schools.models import ClassGroup, Level

MEASURES = ("classes", "pupils_booked", "girls_booked", "pupils_present", "girls_present")
_PARTICIPATION = "booking__slot__visit__participation__"
KEYS = {
    "region": F(f"{_PARTICIPATION}site__commune__department__region"),
    "sector": F(f"{_PARTICIPATION}site__naf__division__sector"),
}


@dataclass
class ClassFigures:
    label: str
    classes: int
    pupils: int
    girls: int
    pupils_present: int
    girls_present: int

    @property
    def girls_share(self) -> float | None:
        return round(100 * self.girls / self.pupils, 1) if self.pupils else None


def class_rows(participations, *keys: str) -> list[dict]:
    """Classes booked in these participations, with pupils and girls booked and
    present, grouped by any of "level", "region" and "sector"."""
    checked = Q(booking__checked_in_at__isnull=False)
    return list(
        ClassGroup.objects.filter(
            booking__slot__visit__participation__in=participations,
            booking__status=BookingStatus.CONFIRMED,
        )
        .order_by()
        .values(*(k for k in keys if k not in KEYS), **{k: KEYS[k] for k in keys if k in KEYS})
        .annotate(
            classes=Count("pk"),
            pupils_booked=Sum("pupils"),
            girls_booked=Sum("girls"),
            pupils_present=Sum(Coalesce(F("present_pupils"), F("pupils")), filter=checked),
            girls_present=Sum(Coalesce(F("present_girls"), F("girls")), filter=checked),
        )
    )


def summarise(rows, by: str = "level") -> list[ClassFigures]:
    """Rows of `class_rows` (grouped by `by` and possibly more) summed by `by`, in the
    order of levels, regions or sectors, then a total row."""
    sums: dict = {}
    for row in rows:
        total = sums.setdefault(row[by], dict.fromkeys(MEASURES, 0))
        for measure in MEASURES:
            total[measure] += row[measure] or 0
    if by == "level":
        labels = [(level.value, str(level.label)) for level in Level]
    elif by == "sector":
        labels = [(sector.value, str(sector.label)) for sector in Sector]
    else:
        labels = list(Region.objects.filter(pk__in=list(sums)).values_list("pk", "name"))
    shown = [(label, sums[value]) for value, label in labels if value in sums]
    if shown:
        shown.append((_("Total"), {m: sum(row[m] for _label, row in shown) for m in MEASURES}))
    return [ClassFigures(label, *(row[m] for m in MEASURES)) for label, row in shown]
