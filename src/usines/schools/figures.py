"""The school day in figures: classes, pupils and girls, booked and present, by level.

One grouped query whatever the number of bookings.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from usines.bookings.models import BookingStatus
from usines.reference.models import Region, Sector
from usines.schools.models import ClassGroup, Level


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


GROUPINGS = {
    "level": "level",
    "region": "booking__slot__visit__participation__site__commune__department__region",
    "sector": "booking__slot__visit__participation__site__naf__division__sector",
}


def class_figures(participations, by: str = "level") -> list[ClassFigures]:
    """By level (or region, or sector), then a total row: classes booked, pupils and
    girls booked and present."""
    checked = Q(booking__checked_in_at__isnull=False)
    key = GROUPINGS[by]
    rows = (
        ClassGroup.objects.filter(
            booking__slot__visit__participation__in=participations,
            booking__status=BookingStatus.CONFIRMED,
        )
        .order_by()
        .values(key)
        .annotate(
            classes=Count("pk"),
            pupils_booked=Sum("pupils"),
            girls_booked=Sum("girls"),
            pupils_present=Sum(Coalesce(F("present_pupils"), F("pupils")), filter=checked),
            girls_present=Sum(Coalesce(F("present_girls"), F("girls")), filter=checked),
        )
    )
    by_key = {row[key]: row for row in rows}
    if by == "level":
        labels = [(level.value, str(level.label)) for level in Level]
    elif by == "sector":
        labels = [(sector.value, str(sector.label)) for sector in Sector]
    else:
        labels = list(Region.objects.filter(pk__in=list(by_key)).values_list("pk", "name"))
    figures = []
    for value, label in labels:
        row = by_key.get(value)
        if row:
            figures.append(
                ClassFigures(
                    label,
                    row["classes"],
                    row["pupils_booked"] or 0,
                    row["girls_booked"] or 0,
                    row["pupils_present"] or 0,
                    row["girls_present"] or 0,
                )
            )
    if figures:
        figures.append(
            ClassFigures(
                _("Total"),
                sum(f.classes for f in figures),
                sum(f.pupils for f in figures),
                sum(f.girls for f in figures),
                sum(f.pupils_present for f in figures),
                sum(f.girls_present for f in figures),
            )
        )
    return figures
