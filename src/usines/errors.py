"""The one base of the domain errors: a message the user reads, a code for the API."""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Raised by a service when a rule refuses an action. `message` is translated (the
    class default or the one given); `code` is stable, for API clients."""

    code = "error"
    message = _("This cannot be done.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))
