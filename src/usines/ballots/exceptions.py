"""Domain errors of ballots, each with the message an entrant or organiser reads."""

from django.utils.translation import gettext_lazy as _

from usines.errors import DomainError


class BallotError(DomainError):
    code = "ballot_error"
    message = _("This ballot cannot take this.")


class BallotClosed(BallotError):
    code = "ballot_closed"
    message = _("This ballot is not taking entries.")


class BallotOpen(BallotError):
    """A slot in a ballot not drawn yet is entered through the ballot, not booked."""

    code = "ballot_open"
    message = _("This slot's places are drawn by lot: enter its ballot on the slot's page.")


class InvalidChoices(BallotError):
    code = "ballot_invalid_choices"
    message = _("Choose at least one slot of this ballot, each one once.")


class AlreadyEntered(BallotError):
    code = "ballot_already_entered"
    message = _(
        "This e-mail address has already entered this ballot: we sent the link to "
        "change the entry to it again."
    )


class DrawNotAllowed(BallotError):
    code = "ballot_draw_not_allowed"
    message = _("This ballot cannot be drawn now.")


class BallotSetupError(BallotError):
    code = "ballot_setup"
