"""Relays' forms: a contact with a prospect and its outcome, the import of prospects."""

from django import forms
from django.utils.translation import gettext_lazy as _

from usines.outreach.models import ProspectStatus, RefusalReason


class ContactForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("What came of it"),
        choices=[
            (value, label) for value, label in ProspectStatus.choices if value != "registered"
        ],
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusing"),
        choices=[("", "—"), *RefusalReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ProspectStatus.REFUSED and not data.get("refusal_reason"):
            self.add_error(
                "refusal_reason",
                _("Say why the factory refused: it is what the next edition learns."),
            )
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Prospects (CSV)"),
        help_text=_(
            "Separated by “;”, with the columns entreprise, site, siret, code_commune, code_naf, "
            "tranche_effectif, contact, email, telephone."
        ),
    )
