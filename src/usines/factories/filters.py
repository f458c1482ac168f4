"""Filters of the list of visits, shared by the public pages, the map and the API.

Every condition is a WHERE clause or an EXISTS subquery on the participation
query, so the filtered list and its count stay one query each at any scale.
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from usines.editions.models import Audience, EditionDay
from usines.factories.models import ACCESSIBILITY_RULES, Accessibility, Participation, Slot, Visit
from usines.factories.queries import with_slot_figures
from usines.reference.geo import (
    DEFAULT_RADIUS_KM,
    RADII_KM,
    BoundingBox,
    resolve_place,
    within_radius,
)
from usines.reference.models import SIZE_BANDS, Department, JobCode, Region, Sector, SizeGroup
from usines.reference.text import normalise


class VisitFilterForm(forms.Form):
    def clean_near(self):
        text = self.cleaned_data.get("near", "")
        if not text:
            return None
        place = resolve_place(text)
        if place is None:
            raise forms.ValidationError(
                _(
                    "No commune or postcode matches “%(text)s”: check the spelling or pick one "
                    "from the list."
                ),
                params={"text": text},
            )
        if place.is_position:
            # The box shows the nearest commune rather than raw coordinates; the links
            # and the map keep the exact point (the filter set's own data is unchanged).
            self.data = self.data.copy()
            self.data["near"] = place.label
        return place

    def clean_bbox(self):
        text = self.cleaned_data.get("bbox", "")
        if not text:
            return None
        box = BoundingBox.parse(text)
        if box is None:
            raise forms.ValidationError(_("Enter the area as west,south,east,north in degrees."))
        return box


class IdFilter(django_filters.Filter):
    """A row's id, as a whole number."""

    field_class = forms.IntegerField


class VisitFilter(django_filters.FilterSet):
    near = django_filters.CharFilter(label=_("Near (postcode or commune)"), method="filter_near")
    radius = django_filters.TypedChoiceFilter(
        label=_("Within"),
        choices=[(km, _("%(km)s km") % {"km": km}) for km in RADII_KM],
        coerce=int,
        method="filter_nothing",
    )
    day = django_filters.ModelChoiceFilter(
        label=_("Day"),
        queryset=EditionDay.objects.none(),
        method="filter_nothing",
        empty_label=_("Both days"),
    )
    audience = django_filters.ChoiceFilter(
        label=_("Audience"),
        choices=Audience.choices,
        method="filter_nothing",
        empty_label=_("All audiences"),
    )
    available = django_filters.BooleanFilter(
        label=_("Only visits with places left"),
        widget=forms.CheckboxInput,
        method="filter_nothing",
    )
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
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=Sector.choices,
        field_name="site__naf__division__sector",
        empty_label=_("All sectors"),
    )
    size = django_filters.ChoiceFilter(
        label=_("Size"), choices=SizeGroup.choices, method="filter_size", empty_label=_("Any size")
    )
    jobs = django_filters.MultipleChoiceFilter(
        label=_("Jobs shown"),
        choices=JobCode.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_jobs",
    )
    accessibility = django_filters.MultipleChoiceFilter(
        label=_("Accessibility"),
        choices=Accessibility.choices,
        widget=forms.CheckboxSelectMultiple,
        method="filter_accessibility",
    )
    age = django_filters.NumberFilter(
        label=_("Age of the youngest visitor"),
        field_name="visit__minimum_age",
        lookup_expr="lte",
        min_value=0,
        max_value=120,
    )
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    bbox = django_filters.CharFilter(
        label=_("Map area"), method="filter_bbox", widget=forms.HiddenInput
    )
    # A partner network's id; the networks themselves are outreach's, a layer above.
    network = IdFilter(
        label=_("Partner network"),
        method="filter_network",
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2**63 - 1,
    )

    class Meta:
        model = Participation
        form = VisitFilterForm
        fields: list[str] = []

    def __init__(self, data=None, *args, edition=None, territory: bool = False, **kwargs):
        if data is not None and not data.get("radius"):
            data = data.copy()
            data["radius"] = str(DEFAULT_RADIUS_KM)
        super().__init__(data, *args, **kwargs)
        if edition is not None:
            self.filters["day"].queryset = edition.days.all()
        if territory:
            del self.filters["region"]
            del self.filters["department"]
        # From here on the form exists: the filters above are final.
        self.form.fields["radius"].initial = DEFAULT_RADIUS_KM
        self.form.fields["day"].label_from_instance = lambda day: (
            f"{date_format(day.date, 'l j F')} – {day.get_audience_display()}"
        )
        self.form.fields["q"].widget.attrs["placeholder"] = _("chocolate, aerospace, a name…")
        near = self.form.fields["near"].widget
        near.attrs.update(
            {
                "list": "near-suggestions",
                "autocomplete": "off",
                "data-suggest-url": reverse("api:communes"),
                "placeholder": _("74300, Cluses, Saint-Étienne…"),
            }
        )

    @property
    def place(self):
        """The resolved `near` point once the form is valid, else None."""
        return self.form.cleaned_data.get("near") if self.is_valid() else None

    @property
    def radius_km(self) -> int:
        if self.is_valid() and self.form.cleaned_data.get("radius"):
            return self.form.cleaned_data["radius"]
        return DEFAULT_RADIUS_KM

    def api_params(self) -> dict[str, str]:
        """The same search as parameters of the public API (GET /api/v1/sites…)."""
        if not self.is_valid():
            return {}
        params = {}
        for name, value in self.form.cleaned_data.items():
            if value in (None, "", [], False):
                continue
            if name == "near":
                params["near"] = self.data.get("near", "")
            elif name == "radius":
                if self.place is not None:
                    params["radius_km"] = str(value)
            elif name == "day":
                params["day"] = value.date.isoformat()
            elif name in ("region", "department"):
                params[name] = value.pk
            elif name == "network":
                params[name] = value
            elif name == "bbox":
                params["bbox"] = self.data.get("bbox", "")
            elif isinstance(value, list):
                params[name] = ",".join(value)
            elif value is True:
                params[name] = "1"
            else:
                params[name] = str(value)
        return params

    def slot_conditions(self) -> Q:
        """What the search asks of a slot (day, audience, places left), as one condition:
        the visits must have such a slot, and their places left count only those."""
        data = self.form.cleaned_data if self.is_bound and self.is_valid() else {}
        wanted = Q()
        if data.get("day"):
            wanted &= Q(day=data["day"])
        if data.get("audience"):
            wanted &= Q(audience=data["audience"])
        if data.get("available"):
            wanted &= Q(booked__lt=F("capacity"))
        return wanted

    @property
    def qs(self) -> QuerySet:
        """The matching visits, each with `places_left` and `next_slot_id` counted on
        the slots the search asks for (see `with_slot_figures`)."""
        if not hasattr(self, "_figured_qs"):
            self._figured_qs = with_slot_figures(super().qs, self.slot_conditions())
        return self._figured_qs

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        wanted = self.slot_conditions()
        if wanted:
            slots = Slot.objects.filter(
                wanted, visit__participation=OuterRef("pk"), is_cancelled=False
            )
            queryset = queryset.filter(Exists(slots))
        return queryset

    def filter_nothing(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """Slot conditions are combined into one EXISTS in filter_queryset."""
        return queryset

    def filter_near(self, queryset: QuerySet, name: str, place) -> QuerySet:
        return within_radius(queryset, place, self.radius_km, prefix="site__")

    def filter_network(self, queryset: QuerySet, name: str, network_id: int) -> QuerySet:
        """The sites a partner network brought in (one of its prospects became one of
        their participations), in this edition or an earlier one."""
        members = Participation.objects.filter(
            site=OuterRef("site"), prospects__network_id=network_id
        )
        return queryset.filter(Exists(members))

    def filter_bbox(self, queryset: QuerySet, name: str, box: BoundingBox) -> QuerySet:
        return box.filter(queryset, "site__")

    def filter_size(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(site__headcount_band__in=SIZE_BANDS[value])

    def filter_jobs(self, queryset: QuerySet, name: str, codes: list[str]) -> QuerySet:
        """Visits showing any of the jobs asked for."""
        if not codes:
            return queryset
        shown = Visit.jobs.through.objects.filter(visit_id=OuterRef("visit__id"), job_id__in=codes)
        return queryset.filter(Exists(shown))

    def filter_accessibility(self, queryset: QuerySet, name: str, needs: list[str]) -> QuerySet:
        """Visits meeting every need asked for."""
        for need in needs:
            queryset = queryset.filter(ACCESSIBILITY_RULES[need])
        return queryset

    def filter_text(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """Every word must appear, accents and case ignored, in the site's or the visit's
        normalised text (`Site.search_text`, `Visit.search_text`): a plain LIKE that
        reads the same on SQLite and PostgreSQL."""
        for word in normalise(value).split()[:8]:
            queryset = queryset.filter(
                Q(site__search_text__contains=word) | Q(visit__search_text__contains=word)
            )
        return queryset
