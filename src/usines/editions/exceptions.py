"""Domain errors of setting an edition up, each with the message an organiser reads."""

from usines.errors import DomainError


class EditionError(DomainError):
    """Base class of this app's errors."""

    code = "edition_error"


class DayInUse(EditionError):
    """A day with slots keeps its date and audience, and is not removed."""

    code = "day_in_use"


class EditionExists(EditionError):
    """The next year already has its edition."""

    code = "edition_exists"

    def __init__(self, edition, message):
        self.edition = edition
        super().__init__(message)
