"""Domain errors of hosting a visit, each with the message a host or organiser reads."""

from django.utils.translation import gettext_lazy as _


class HostingError(Exception):
    """Base class: `message` is translated, `code` is stable for the API."""

    code = "hosting_error"
    message = _("This cannot be done.")

    def __init__(self, message=None):
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class SiretTaken(HostingError):
    """The SIRET already takes part in this edition; its team can invite the host."""

    code = "siret_taken"
    message = _(
        "This SIRET is already registered for this edition. Ask its team to invite you: "
        "use the button below and they will receive your request."
    )

    def __init__(self, site):
        self.site = site
        super().__init__()


class InvalidTransition(HostingError):
    code = "invalid_transition"
    message = _("This participation is not at a step where this can be done.")


class MessageRequired(HostingError):
    code = "message_required"
    message = _("Write a message: the host needs to know why.")


class NotReady(HostingError):
    code = "not_ready"


class CapacityBelowBooked(HostingError):
    code = "capacity_below_booked"

    def __init__(self, booked: int):
        self.booked = booked
        super().__init__(
            _("Capacity cannot go below the %(booked)s places already taken.") % {"booked": booked}
        )


class InvalidSlots(HostingError):
    code = "invalid_slots"


class InvitationNotOpen(HostingError):
    code = "invitation_not_open"
    message = _("This invitation has already been used.")
