"""A teacher's entry in a school-day ballot: ranked slots for one class, which is
drawn as one unit (its pupils and adults)."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from usines.ballots.forms import ChoicesForm
from usines.ballots.models import Ballot
from usines.bookings.forms import key_validator
from usines.schools.models import Level, Track
from usines.schools.services import ClassDetails


class ClassEntryForm(ChoicesForm):
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    track = forms.ChoiceField(label=_("Track"), choices=Track.choices)
    pupils = forms.IntegerField(label=_("Number of pupils"), min_value=1, max_value=60)
    girls = forms.IntegerField(label=_("Of whom girls"), min_value=0, max_value=60)
    adults = forms.IntegerField(label=_("Accompanying adults"), min_value=1, max_value=10)
    special_needs = forms.CharField(
        label=_("Special needs"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wheelchair, hearing or visual support… (no names)."),
    )
    note_to_host = forms.CharField(
        label=_("A note to the host"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, validators=[key_validator], required=False
    )

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, ballot=ballot, **kwargs)
        del self.fields["party_size"]  # the class's pupils and adults
        self.order_fields([name for name in self.fields if name.startswith("choice_")])
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("adults", 2)

    def party(self) -> int:
        return self.cleaned_data["pupils"] + self.cleaned_data["adults"]

    def clean(self):
        cleaned = super().clean()
        if "pupils" in cleaned and "girls" in cleaned and cleaned["girls"] > cleaned["pupils"]:
            self.add_error("girls", _("There cannot be more girls than pupils."))
        for message in self.errors.get("idempotency_key", []):
            self.add_error(None, message)
        return cleaned

    def details(self) -> ClassDetails:
        data = self.cleaned_data
        return ClassDetails(
            level=data["level"],
            track=data["track"],
            pupils=data["pupils"],
            girls=data["girls"],
            adults=data["adults"],
            special_needs=data["special_needs"],
            note_to_host=data["note_to_host"],
        )
