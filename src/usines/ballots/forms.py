"""What an entrant types: ranked choices among the ballot's slots and one party, and,
for a new entry, who enters. The ballot's rules (`services.check_entry`) give the
messages, so the page and the service say the same."""

import uuid

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from usines.ballots.exceptions import BallotError
from usines.ballots.models import Ballot
from usines.ballots.queries import ballot_slots
from usines.ballots.services import Entrant, check_entry, max_party
from usines.bookings.forms import (
    email_field,
    fill_in_hints,
    key_field,
    name_field,
    postcode_field,
)
from usines.editions.models import Audience


def slot_label(slot, with_site: bool = True) -> str:
    starts = timezone.localtime(slot.starts_at)
    when = formats.date_format(starts, "l j F, H:i")
    return f"{slot.visit.participation.site.name} – {when}" if with_site else when


class ChoicesForm(forms.Form):
    """Up to `max_choices` ranked slots (the first required) and the party's places."""

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        options = [("", _("— no choice —"))] + [
            (str(slot.pk), slot_label(slot, with_site=ballot.visit_id is None))
            for slot in ballot_slots(ballot)
        ]
        for rank in range(1, ballot.max_choices + 1):
            self.fields[f"choice_{rank}"] = forms.TypedChoiceField(
                label=_("Choice %(rank)s") % {"rank": rank},
                choices=options,
                coerce=int,
                required=rank == 1,
                empty_value=None,
                error_messages={
                    "required": _("Choose at least your first slot."),
                    "invalid_choice": _("Choose a slot from the list."),
                },
            )
        self.limit = max_party(ballot)
        self.fields["party_size"] = forms.IntegerField(
            label=_("Number of places (your whole party)"),
            min_value=1,
            max_value=self.limit,
            help_text=_("Your party is drawn as one: all of you or none."),
            error_messages={
                "required": _("Say how many places you want."),
                "invalid": _("Enter a whole number of places."),
                "min_value": _("Enter at least 1 place."),
                "max_value": _("An entry is for %(limit_value)s places at most."),
            },
        )
        self.fields["party_size"].widget.attrs.update({"inputmode": "numeric"})

    def choices(self) -> list[int]:
        ranked = [
            self.cleaned_data.get(f"choice_{rank}")
            for rank in range(1, self.ballot.max_choices + 1)
        ]
        return [slot_id for slot_id in ranked if slot_id is not None]

    def party(self) -> int:
        """The places the entry asks for, once the form is clean."""
        return self.cleaned_data["party_size"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            check_entry(self.ballot, self.choices(), self.party())
        except BallotError as error:
            raise forms.ValidationError(error.message) from error
        return cleaned


class EntryForm(ChoicesForm):
    """A new entry: the choices, who enters, and the consent."""

    name = name_field(_("Enter the name the entry is made under."))
    email = email_field(_("One entry per address: the result and your ticket are sent here."))
    postcode = postcode_field()
    consent = forms.BooleanField(
        label=_(
            "I agree that my name and e-mail are kept to run this ballot and manage the "
            "booking it may give, and are deleted after the event."
        ),
        error_messages={"required": _("Tick the box to accept how your data is used.")},
    )
    idempotency_key = key_field()

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, ballot=ballot, **kwargs)
        # The fields declared on the class come first; the choices read better first.
        order = [name for name in self.fields if name.startswith("choice_")]
        order += ["party_size", "name", "email", "postcode", "consent", "idempotency_key"]
        self.order_fields(order)
        fill_in_hints(self.fields)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("party_size", 1)

    def clean(self):
        cleaned = super().clean()
        # A hidden field's error would not show: say it above the form.
        for message in self.errors.get("idempotency_key", []):
            self.add_error(None, message)
        return cleaned

    def entrant(self, language: str) -> Entrant:
        data = self.cleaned_data
        return Entrant(
            name=data["name"].strip(),
            email=data["email"].lower(),
            postcode=data["postcode"],
            language=language,
        )


MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
WHOLE_PHASE = "phase"


class BallotSetupForm(forms.Form):
    """A ballot for one visit's slots of an audience (among `visits`) or, when
    `whole_phase` is allowed, for every slot of the edition of that audience."""

    covers = forms.ChoiceField(label=_("Slots drawn by lot"))
    audience = forms.ChoiceField(
        label=_("Audience"), choices=Audience.choices, initial=Audience.PUBLIC
    )
    opens_at = forms.DateTimeField(label=_("Entries open at"), widget=MOMENT)
    closes_at = forms.DateTimeField(label=_("Entries close at"), widget=MOMENT)
    max_choices = forms.IntegerField(
        label=_("Ranked choices per entry, at most"), min_value=1, max_value=5, initial=3
    )
    priority_first_time = forms.BooleanField(
        label=_("Draw first-time visitors first"),
        required=False,
        help_text=_("Entrants with no booking in an earlier edition come before the others."),
    )

    def __init__(self, *args, visits, whole_phase: bool, **kwargs):
        super().__init__(*args, **kwargs)
        options = (
            [(WHOLE_PHASE, _("Every slot of the edition for this audience"))] if whole_phase else []
        )
        options += [(str(visit.pk), visit.participation.site.name) for visit in visits]
        self.fields["covers"].choices = options
        self.visits = {str(visit.pk): visit for visit in visits}

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("The entries must close after they open."))
        return cleaned

    def visit(self):
        return self.visits.get(self.cleaned_data["covers"])
