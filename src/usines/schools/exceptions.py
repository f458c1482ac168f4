"""Domain errors of class bookings and coaches, each with the message a teacher reads."""

from django.utils.translation import gettext_lazy

from usines.bookings.exceptions import BookingError


class ClassesFull(BookingError):
    code = "classes_full"
    message = gettext_lazy("This slot already welcomes as many classes as the factory allows.")


class LevelNotWelcomed(BookingError):
    code = "level_not_welcomed"


class NoSchool(BookingError):
    code = "no_school"
    message = gettext_lazy("Tell us your school first.")


class ClassListMismatch(BookingError):
    code = "class_list_mismatch"


class SchoolNotConfirmed(BookingError):
    code = "school_not_confirmed"
    message = gettext_lazy(
        "Your school has not confirmed you yet: you can book once it has (see your page)."
    )


class MembershipNotOpen(BookingError):
    code = "membership_not_open"
    message = gettext_lazy("This link is wrong, expired or already used.")


class CoachTimetable(BookingError):
    code = "coach_timetable"
    message = gettext_lazy(
        "This coach cannot keep its timetable: it would have to be at two factories at "
        "once, or reach a school before its class can leave. Give a class its own coach, "
        "or propose coaches again."
    )


class DriverBusy(BookingError):
    code = "driver_busy"


class ProposalsChanged(BookingError):
    code = "proposals_changed"
    message = gettext_lazy(
        "The proposed coaches changed since you reviewed them: review them again."
    )
