"""Forms of the organisers' pages: moderation, coaches, the school directory, the reference
population."""

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from usines.factories.models import Participation, ParticipationStatus
from usines.reference.models import Region, Sector
from usines.schools.pooling import DEFAULT_SCHOOL_RADIUS_KM


class ModerationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ParticipationStatus.choices,
        empty_label=_("All statuses"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        field_name="site__commune__department__region",
        empty_label=_("All regions"),
    )
    sector = django_filters.ChoiceFilter(
        label=_("Sector"),
        choices=Sector.choices,
        field_name="site__naf__division__sector",
        empty_label=_("All sectors"),
    )

    class Meta:
        model = Participation
        fields = ["status", "region", "sector"]


class DecisionForm(forms.Form):
    APPROVE, CHANGES, DECLINE = "approve", "changes", "decline"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve")),
            (CHANGES, _("Ask for changes")),
            (DECLINE, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label=_("Message to the host"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to ask for changes or to decline."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") in (self.CHANGES, self.DECLINE)
            and not data.get("message", "").strip()
        ):
            self.add_error("message", _("Write a message: the host needs to know why."))
        return data


class ProposeForm(forms.Form):
    school_radius_km = forms.FloatField(
        label=_("Schools pooled within (km)"),
        min_value=1,
        max_value=100,
        initial=DEFAULT_SCHOOL_RADIUS_KM,
    )


class AcceptAllForm(forms.Form):
    """The coaches the review showed, so that what is accepted is what was reviewed."""

    pools = forms.CharField(widget=forms.HiddenInput)

    def clean_pools(self) -> set[int]:
        parts = self.cleaned_data["pools"].split(",")
        if not all(part.isdigit() and len(part) <= 18 for part in parts):
            raise forms.ValidationError(_("Review the coaches again."))
        return {int(part) for part in parts}


class DriverForm(forms.Form):
    driver_name = forms.CharField(label=_("Driver's name"), max_length=150, required=False)
    driver_phone = forms.CharField(
        label=_("Driver's phone"),
        max_length=30,
        required=False,
        validators=[
            RegexValidator(
                r"^\+?[0-9][0-9 .()-]{5,24}$",
                _("Write a phone number, e.g. 06 12 34 56 78 or +33 6 12 34 56 78."),
            )
        ],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        help_text=_("The teachers see it on their class page and visit sheet."),
    )


class DirectoryForm(forms.Form):
    file = forms.FileField(
        label=_("Directory file (CSV)"),
        help_text=_(
            "The “Annuaire de l'éducation” export of data.education.gouv.fr, separated by “;”."
        ),
    )


class UrssafForm(forms.Form):
    file = forms.FileField(
        label=_("Urssaf establishments by commune × APE (CSV)"),
        help_text=_("The open-data file of open.urssaf.fr, separated by “;”."),
    )
