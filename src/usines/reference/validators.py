"""Checks of reference codes typed into forms."""

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

postcode_validator = RegexValidator(r"^\d{5}$", _("Enter a postcode of 5 digits, e.g. 74300."))
