"""What a visitor types to book, wait or change a booking, validated before the
services run: the public pages and the API check their input with these forms, so
both answer with the same messages. The party-size rule is `rules.check_party_size`.
"""

import uuid

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from usines.bookings import consent as consent_texts
from usines.bookings.exceptions import PartySizeOutOfBounds
from usines.bookings.rules import check_party_size, max_party_size
from usines.bookings.services import Contact
from usines.factories.models import Slot
from usines.reference.validators import no_control_characters, postcode_validator

key_validator = RegexValidator(
    r"^[A-Za-z0-9_-]{8,64}$", _("The form key is invalid; reload the page and try again.")
)


def party_size_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        error_messages={
            "required": _("Say how many places you want."),
            "invalid": _("Enter a whole number of places."),
            "min_value": _("Book at least 1 place."),
        },
    )


class PartySizeForm(forms.Form):
    """The number of places on a slot, within the edition's bounds (the booking rule
    itself, with its message); alone, it changes the places of a booking."""

    party_size = party_size_field()
    # Whether the form is shown: its widgets then get the hints a phone fills in with.
    shown = True

    def __init__(self, *args, slot: Slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.slot = slot
        self.limit = max_party_size(slot)
        if self.shown:
            self.fields["party_size"].widget.attrs.update(
                {"min": 1, "max": self.limit, "inputmode": "numeric"}
            )

    def clean_party_size(self) -> int:
        party_size = self.cleaned_data["party_size"]
        try:
            check_party_size(self.slot, party_size)
        except PartySizeOutOfBounds as error:
            raise forms.ValidationError(error.message) from error
        return party_size


def name_field(required: str) -> forms.CharField:
    """The name a booking or an entry is made under; `required` says which."""
    return forms.CharField(
        label=_("Your name"),
        max_length=150,
        validators=[no_control_characters],
        error_messages={"required": required},
    )


def email_field(help_text: str) -> forms.EmailField:
    """The address the visitor's e-mails go to; `help_text` says which."""
    return forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=help_text,
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, e.g. name@example.fr."),
        },
    )


def postcode_field() -> forms.CharField:
    return forms.CharField(
        label=_("Your postcode"),
        max_length=5,
        validators=[postcode_validator],
        help_text=_("Used only to count where visitors come from."),
        error_messages={"required": _("Enter your postcode (5 digits).")},
    )


def key_field() -> forms.CharField:
    """The form's one-time key, so that a repeat never makes a second row."""
    return forms.CharField(widget=forms.HiddenInput, validators=[key_validator], required=False)


def fill_in_hints(fields: dict) -> None:
    """What lets a phone fill in the name, e-mail and postcode fields."""
    fields["name"].widget.attrs["autocomplete"] = "name"
    fields["email"].widget.attrs["autocomplete"] = "email"
    fields["postcode"].widget.attrs.update(
        {"autocomplete": "postal-code", "inputmode": "numeric", "pattern": r"\d{5}"}
    )


class ContactForm(PartySizeForm):
    """Who books or waits, and for how many; bounded by the slot's rules."""

    name = name_field(_("Enter the name the booking is made under."))
    email = email_field(_("Your ticket and the link to change or cancel are sent here."))
    postcode = postcode_field()
    consent = forms.BooleanField(
        label=consent_texts.TEXTS[consent_texts.VISITOR],
        error_messages={"required": _("Tick the box to accept how your data is used.")},
    )
    idempotency_key = key_field()

    def __init__(self, *args, slot: Slot, **kwargs):
        super().__init__(*args, slot=slot, **kwargs)
        if self.shown:
            fill_in_hints(self.fields)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("party_size", 1)

    def contact(self, language: str) -> Contact:
        data = self.cleaned_data
        return Contact(
            name=data["name"].strip(),
            email=data["email"].lower(),
            postcode=data["postcode"],
            language=language,
            consent_version=consent_texts.VISITOR,
        )


class BookingForm(ContactForm):
    """The contact details of a new booking, and the visitor's own choice, unticked
    unless they tick it, to ask for news of the next edition (mailinglist)."""

    next_edition_news = forms.BooleanField(
        label=_("Send me news of the next edition"),
        help_text=_(
            "Optional. We e-mail you a link to confirm, separate from your ticket; every "
            "message can be unsubscribed from in one click."
        ),
        required=False,
    )


class SharedFields(dict):
    """The fields of a form that is checked and never shown: its instances share
    them. Django deep-copies a form's fields for each instance, so that a page may
    change its widgets; for the booking form that copy costs as much as checking it."""

    def __deepcopy__(self, memo: dict) -> "SharedFields":
        return SharedFields(self)


class BookingInput(BookingForm):
    """BookingForm for input that is checked and never shown (the API's): the same
    fields, rules and messages, without a copy of the fields per request. Its fields
    are the class's own: nothing may change them."""

    shown = False


BookingInput.base_fields = SharedFields(BookingInput.base_fields)


class WaitlistForm(ContactForm):
    """Who waits, for how many, and whether they can come at short notice on the day."""

    short_notice = forms.BooleanField(
        label=_("I can come at short notice on the day"),
        help_text=_(
            "If visitors do not turn up, their places are offered on the day to those who "
            "ticked this box: keep this list's page open, it tells you when to come to the "
            "gate (within minutes)."
        ),
        required=False,
    )
