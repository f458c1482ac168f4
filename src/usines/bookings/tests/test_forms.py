"""The booking form the API checks its input with says what the page's form says,
and never changes the fields its requests share."""

import pytest
from django.utils import translation

from usines.bookings.forms import BookingForm, BookingInput
from usines.testsupport import SlotFactory

GOOD = {
    "party_size": "2",
    "name": "Ana Martin",
    "email": "Ana@Example.org",
    "postcode": "74300",
    "consent": "on",
    "idempotency_key": "key-12345678",
}
BAD = [
    {},
    {**GOOD, "party_size": "0"},
    {**GOOD, "party_size": "500"},
    {**GOOD, "party_size": "deux"},
    {**GOOD, "email": "ana@"},
    {**GOOD, "postcode": "743"},
    {**GOOD, "name": "Ana\x00"},
    {**GOOD, "consent": ""},
    {**GOOD, "idempotency_key": "short"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("data", [GOOD, *BAD])
def test_the_api_form_accepts_and_refuses_what_the_page_form_does(data, language):
    slot = SlotFactory()
    with translation.override(language):
        page, api = BookingForm(data, slot=slot), BookingInput(data, slot=slot)
        assert page.is_valid() == api.is_valid()
        assert page.errors == api.errors
    if page.is_valid():
        assert page.cleaned_data == api.cleaned_data
        assert api.contact("fr") == page.contact("fr")


@pytest.mark.django_db
def test_checking_input_never_changes_the_fields_every_request_shares():
    small, large = SlotFactory(), SlotFactory()
    large.day.edition.max_party_size = 40
    fields = BookingInput.base_fields
    widgets = {name: dict(field.widget.attrs) for name, field in fields.items()}

    for slot in (small, large):
        form = BookingInput({**GOOD, "party_size": "30"}, slot=slot)
        form.is_valid()
        assert form.fields["party_size"] is fields["party_size"]

    assert {name: dict(field.widget.attrs) for name, field in fields.items()} == widgets
    assert "max" not in fields["party_size"].widget.attrs
    # The page's form still gets its phone hints, on its own copies.
    shown = BookingForm(slot=large)
    assert shown.fields["party_size"].widget.attrs["max"] == 40
    assert shown.fields["email"].widget.attrs["autocomplete"] == "email"
    assert shown.fields["party_size"] is not BookingForm.base_fields["party_size"]
