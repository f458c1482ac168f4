"""Forms of the editions' pages: the edition and its days, its phases, its targets,
its rules against empty places."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from usines.editions.models import (
    Edition,
    EditionDay,
    PhaseKind,
    TargetMetric,
)
from usines.editions.services import NOSHOW_RULES, DaySettings, EditionSettings
from usines.reference.models import Region
from usines.reference.text import normalise

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
BOUNDS = (
    "max_party_size",
    "max_class_size",
    "max_places_per_email_per_slot",
    "max_bookings_per_email_per_day",
)


class EditionForm(forms.ModelForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = Edition
        fields = ["name", "year", "tagline", "tagline_en", "is_published", *BOUNDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in BOUNDS:
            self.fields[name].validators.append(MinValueValidator(1))
            self.fields[name].widget.attrs["min"] = 1

    def edition_settings(self) -> EditionSettings:
        return EditionSettings(**{name: self.cleaned_data[name] for name in self.Meta.fields})


class DayForm(forms.ModelForm):
    class Meta:
        model = EditionDay
        fields = ["date", "audience", "bookings_open_at", "bookings_close_at"]
        widgets = {"date": DATE, "bookings_open_at": MOMENT, "bookings_close_at": MOMENT}

    def day_settings(self) -> DaySettings:
        data = self.cleaned_data
        return DaySettings(
            date=data["date"],
            audience=data["audience"],
            bookings_open_at=data["bookings_open_at"],
            bookings_close_at=data["bookings_close_at"],
            day=self.instance if self.instance.pk else None,
        )


class BaseDayFormSet(forms.BaseInlineFormSet):
    def changes(self) -> tuple[list[DaySettings], list[EditionDay]]:
        """The days to keep or add, and the days to remove (a blank extra row is none)."""
        removed = [form.instance for form in self.deleted_forms if form.instance.pk]
        kept = [
            form.day_settings()
            for form in self.forms
            if form not in self.deleted_forms and (form.instance.pk or form.has_changed())
        ]
        return kept, removed


DayFormSet = forms.inlineformset_factory(
    Edition,
    EditionDay,
    form=DayForm,
    formset=BaseDayFormSet,
    extra=1,
    min_num=1,
    validate_min=True,
    can_delete=True,
    can_delete_extra=False,
)


class PhasesForm(forms.Form):
    """Each kind of phase: its first and last day, or both empty for none."""

    def __init__(self, *args, edition: Edition, **kwargs):
        existing = {phase.kind: phase for phase in edition.phases.all()}
        initial = {}
        for kind, phase in existing.items():
            initial[f"{kind}_starts_on"], initial[f"{kind}_ends_on"] = (
                phase.starts_on,
                phase.ends_on,
            )
        super().__init__(*args, initial=initial, **kwargs)
        for kind in PhaseKind.values:
            self.fields[f"{kind}_starts_on"] = forms.DateField(
                label=_("First day"), required=False, widget=DATE
            )
            self.fields[f"{kind}_ends_on"] = forms.DateField(
                label=_("Last day"), required=False, widget=DATE
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (label, self[f"{kind}_starts_on"], self[f"{kind}_ends_on"])
            for kind, label in PhaseKind.choices
        ]

    def clean(self):
        data = super().clean()
        for kind in PhaseKind.values:
            first, last = f"{kind}_starts_on", f"{kind}_ends_on"
            if first in self.errors or last in self.errors:
                continue
            starts_on, ends_on = data.get(first), data.get(last)
            if (starts_on is None) != (ends_on is None):
                self.add_error(
                    last if ends_on is None else first,
                    _("Give both days, or neither to have no such phase."),
                )
            elif starts_on and ends_on < starts_on:
                self.add_error(last, _("The last day comes on or after the first."))
        return data

    def periods(self) -> dict[str, tuple[date, date] | None]:
        data = self.cleaned_data
        return {
            kind: (data[f"{kind}_starts_on"], data[f"{kind}_ends_on"])
            if data.get(f"{kind}_starts_on")
            else None
            for kind in PhaseKind.values
        }


class TargetsForm(forms.Form):
    """A number per metric for France and for each region; empty for no target."""

    NATIONAL = "fr"

    def __init__(self, *args, edition: Edition, **kwargs):
        self.territories = [(self.NATIONAL, None, _("France"))] + [
            (region.pk, region.pk, region.name)
            for region in sorted(Region.objects.all(), key=lambda region: normalise(region.name))
        ]
        initial = {
            self._name(self.NATIONAL, TargetMetric.FACTORIES): edition.target_factories or None
        }
        initial.update(
            (self._name(target.region_id or self.NATIONAL, target.metric), target.value)
            for target in edition.targets.all()
        )
        super().__init__(*args, initial=initial, **kwargs)
        for key, _region_id, territory in self.territories:
            for metric, label in TargetMetric.choices:
                self.fields[self._name(key, metric)] = forms.IntegerField(
                    label=f"{territory} – {label}", required=False, min_value=0
                )

    @staticmethod
    def _name(key: str, metric: str) -> str:
        return f"{key}_{metric}"

    def rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (territory, [self[self._name(key, metric)] for metric in TargetMetric.values])
            for key, _region_id, territory in self.territories
        ]

    def values(self) -> dict[tuple[str | None, str], int | None]:
        return {
            (region_id, metric): self.cleaned_data.get(self._name(key, metric))
            for key, region_id, _territory in self.territories
            for metric in TargetMetric.values
        }


class NoShowRulesForm(forms.ModelForm):
    """When places not checked in are released, and the reminders before the visit."""

    class Meta:
        model = Edition
        fields = list(NOSHOW_RULES)

    BOUNDS = {
        "release_after_minutes": (0, 240),
        "short_notice_minutes": (5, 120),
        "first_reminder_days": (0, 60),
        "second_reminder_days": (0, 60),
        "reconfirm_hours": (1, 72),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in self.BOUNDS.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update({"min": low, "max": high, "inputmode": "numeric"})

    def clean(self):
        data = super().clean()
        first, second = data.get("first_reminder_days"), data.get("second_reminder_days")
        if first and second and second >= first:
            self.add_error(
                "second_reminder_days",
                _("The second reminder comes after the first: fewer days before the visit."),
            )
        if data.get("release_unconfirmed") and not (first or second):
            self.add_error(
                "release_unconfirmed",
                _("Places can be released for want of an answer only if a reminder asks."),
            )
        return data
