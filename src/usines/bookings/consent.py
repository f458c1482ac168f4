"""The texts a person agrees to when booking, each under a version key that the
booking rows keep (`consent_version`), so that what someone agreed to can always be
read again: a changed text gets a new key and the old one stays here.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

VISITOR = "visitor-2026-11"
CLASS = "class-2026-11"

TEXTS: dict[str, Promise] = {
    VISITOR: _(
        "I agree that my name, e-mail and postcode are kept to manage this booking and "
        "deleted after the event, as the personal data page explains; I am 15 or over "
        "(a child under 15 is booked by a parent or a teacher)."
    ),
    CLASS: _(
        "I agree that my school e-mail and the class's details are kept to manage this "
        "visit, special needs until the day after it and the rest until the purge the "
        "personal data page explains; no pupil's e-mail or account is asked for."
    ),
}


def text_of(version: str) -> Promise | str:
    """The text agreed to under `version` (empty for rows older than the versions)."""
    return TEXTS.get(version, "")
