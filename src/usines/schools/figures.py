"""The school day in figures: classes, pupils and girls, booked and present, by level.

One grouped query whatever the number of bookings.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from usines.bookings.models import BookingStatus
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


def class_figures(participations) -> list[ClassFigures]:
    """By level, then a total row: classes booked, pupils and girls booked and present."""
    checked = Q(booking__checked_in_at__isnull=False)
    rows = (
        ClassGroup.objects.filter(
            booking__slot__visit__participation__in=participations,
            booking__status=BookingStatus.CONFIRMED,
        )
        .order_by()
        .values("level")
        .annotate(
            classes=Count("pk"),
            pupils_booked=Sum("pupils"),
            girls_booked=Sum("girls"),
            pupils_present=Sum(Coalesce(F("present_pupils"), F("pupils")), filter=checked),
            girls_present=Sum(Coalesce(F("present_girls"), F("girls")), filter=checked),
        )
    )
    by_level = {row["level"]: row for row in rows}
    figures = []
    for level in Level:
        row = by_level.get(level.value)
        if row:
            figures.append(
                ClassFigures(
                    str(level.label),
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
