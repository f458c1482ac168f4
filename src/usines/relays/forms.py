"""Relays' forms: a contact with a prospect, its outcome and when to follow it up."""

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
    follow_up_on = forms.DateField(
        label=_("Follow up on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("When to call back; empty: nothing planned."),
    )

    def clean(self):
        data = super().clean()
        if data.get("outcome") == ProspectStatus.REFUSED and not data.get("refusal_reason"):
            self.add_error(
                "refusal_reason",
                _("Say why the factory refused: it is what the next edition learns."),
            )
        return data
