"""Domain errors of booking, each with the message a visitor reads."""

from django.utils.translation import gettext_lazy as _

from usines.errors import DomainError


class BookingError(DomainError):
    """Base class of this app's errors."""

    code = "booking_error"
    message = _("This booking cannot be made.")


class SlotFull(BookingError):
    code = "slot_full"
    message = _("Not enough places are left on this slot.")


class BookingClosed(BookingError):
    code = "booking_closed"
    message = _("Bookings for this slot are closed.")


class WrongAudience(BookingError):
    code = "wrong_audience"
    message = _("This slot is reserved for school classes; teachers book it from their space.")


class PartySizeOutOfBounds(BookingError):
    code = "party_size_out_of_bounds"


class BookingNotActive(BookingError):
    code = "booking_not_active"
    message = _("This booking has been cancelled.")


class PlacesAvailable(BookingError):
    code = "places_available"
    message = _("Places are available on this slot: book them directly.")


class OfferNotOpen(BookingError):
    code = "offer_not_open"
    message = _("This offer is no longer open.")


class EmailCapReached(BookingError):
    code = "email_cap_reached"
    message = _("This e-mail address already holds as many bookings as the edition allows.")


class NotTheVisitDay(BookingError):
    """An arrival recorded on another date than the visit's: refused unless forced."""

    code = "not_the_visit_day"
    message = _("Today is not the day of this visit: nothing is recorded.")


class NotReleasable(BookingError):
    code = "not_releasable"
    message = _("The unclaimed places of this slot cannot be released before its release time.")
