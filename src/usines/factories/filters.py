"""Filters of the list of visits, used by the home page and the API alike."""

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from usines.editions.models import Audience, EditionDay
from usines.factories.models import Participation, Slot
from usines.reference.models import Department, NafDivision, Region


class VisitFilter(django_filters.FilterSet):
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        field_name="site__commune__department__region",
        empty_label=_("All regions"),
    )
    department = django_filters.ModelChoiceFilter(
        label=_("Department"),
        queryset=Department.objects.all(),
        field_name="site__commune__department",
        empty_label=_("All departments"),
    )
    day = django_filters.ModelChoiceFilter(
        label=_("Day"),
        queryset=EditionDay.objects.none(),
        method="filter_day",
        empty_label=_("Both days"),
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        method="filter_audience",
        empty_label=_("All audiences"),
    )
    sector = django_filters.ModelChoiceFilter(
        label=_("Sector"),
        queryset=NafDivision.objects.filter(section_id="C"),
        field_name="site__naf__division",
        empty_label=_("All sectors"),
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")

    class Meta:
        model = Participation
        fields = ["region", "department", "day", "audience", "sector", "q"]

    def __init__(self, *args, edition=None, **kwargs):
        super().__init__(*args, **kwargs)
        if edition is not None:
            self.filters["day"].queryset = edition.days.all()
        self.form.fields["day"].label_from_instance = lambda day: (
            f"{date_format(day.date, 'l j F')} – {day.get_audience_display()}"
        )

    def filter_day(self, queryset: QuerySet, name: str, value: EditionDay) -> QuerySet:
        slots = Slot.objects.filter(
            visit__participation=OuterRef("pk"), day=value, is_cancelled=False
        )
        return queryset.filter(Exists(slots))

    def filter_audience(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        slots = Slot.objects.filter(
            visit__participation=OuterRef("pk"), audience=value, is_cancelled=False
        )
        return queryset.filter(Exists(slots))

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = value.strip()
        if not text:
            return queryset
        return queryset.filter(
            Q(site__name__icontains=text)
            | Q(site__products__icontains=text)
            | Q(site__commune__name__icontains=text)
            | Q(visit__title__icontains=text)
        )
