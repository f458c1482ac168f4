"""Validators that forms share."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a postcode of 5 digits, e.g. 74300."))


def no_control_characters(value: str) -> None:
    """Refuse invisible control characters (a tab or line break pasted by mistake, or
    worse): they break exports and e-mail headers."""
    if any(unicodedata.category(character) == "Cc" for character in value):
        raise ValidationError(
            _("Remove the invisible control characters (tabs, line breaks) from this text.")
        )


phone_validator = RegexValidator(
    r"^\+?[0-9 .()-]{6,20}$", _("Enter a phone number, e.g. 04 50 98 12 34 or +33 4 50 98 12 34.")
)
