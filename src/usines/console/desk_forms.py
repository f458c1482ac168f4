"""Forms of the help desk, the bulk moderation and the reference imports."""

from django import forms
from django.utils.translation import gettext_lazy as _

from usines.factories.models import ParticipationAction
from usines.outreach.models import ReferenceKind

MAX_SELECTED = 100


class DeskSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, e-mail or check-in code"),
        required=False,
        max_length=150,
        help_text=_("The start of the name or of the e-mail address is enough."),
    )
    site = forms.CharField(label=_("Site"), required=False, max_length=150)

    def clean(self):
        data = super().clean()
        if len(data.get("q", "").strip()) < 2 and len(data.get("site", "").strip()) < 2:
            raise forms.ValidationError(
                _("Type at least two letters of a name, an e-mail address, a code or a site.")
            )
        return data


class PlacesForm(forms.Form):
    party_size = forms.IntegerField(label=_("Places"), min_value=1, max_value=999)


class BulkDecisionForm(forms.Form):
    DECISIONS = [
        (ParticipationAction.APPROVED, _("Approve the selected sites")),
        (ParticipationAction.CHANGES_REQUESTED, _("Ask the selected sites for changes")),
    ]
    participations = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Sites"),
        error_messages={"required": _("Tick at least one site.")},
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=DECISIONS)
    message = forms.CharField(label=_("Message to the hosts"), required=False, max_length=2000)
    query = forms.CharField(required=False, max_length=500)

    def __init__(self, *args, participations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participations"].queryset = participations

    def clean_participations(self):
        chosen = self.cleaned_data["participations"]
        if len(chosen) > MAX_SELECTED:
            raise forms.ValidationError(
                _("Select at most %(n)s sites at once.") % {"n": MAX_SELECTED}
            )
        return chosen

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == ParticipationAction.CHANGES_REQUESTED
            and not data.get("message", "").strip()
        ):
            self.add_error("message", _("Write a message: the hosts need to know what to change."))
        return data


UPLOAD_HELP = {
    ReferenceKind.ESTABLISHMENTS: _(
        "The open-data file of open.urssaf.fr “Nombre d'établissements employeurs et "
        "effectifs salariés par commune x APE”, as CSV (UTF-8, separated by “;”)."
    ),
    ReferenceKind.SIZES: _(
        "A table of Insee's manufacturing establishments by headcount band: a "
        "“Tranche d'effectif” column with the band codes (00 to 53) and a "
        "“Nombre d'établissements” column, as CSV (UTF-8)."
    ),
}


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV)"))
    published_on = forms.DateField(
        label=_("Publisher's date (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date of the figures, as the publisher gives it."),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = UPLOAD_HELP[kind]


class ReferenceConfirmForm(forms.Form):
    sealed = forms.CharField(widget=forms.HiddenInput)
