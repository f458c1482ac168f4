"""Domain errors of hosting a visit, each with the message a host or organiser reads."""

from django.utils.translation import gettext_lazy as _

from usines.errors import DomainError


class HostingError(DomainError):
    """Base class of this app's errors."""

    code = "hosting_error"


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


class RegistrationClosed(HostingError):
    """Outside the edition's registration phase (editions/calendar.py)."""

    code = "registration_closed"


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


class PhotoRefused(HostingError):
    code = "photo_refused"
    message = _("This file is not a photo we can read: send a JPEG, PNG or WebP image.")
