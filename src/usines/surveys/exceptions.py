"""Why a survey refuses an answer, in words the respondent reads."""

from django.utils.translation import gettext_lazy as _

from usines.errors import DomainError


class SurveyError(DomainError):
    code = "survey_error"
    message = _("This survey cannot be answered.")


class SurveyNotOpen(SurveyError):
    code = "survey_not_open"
    message = _("This survey is not open.")


class SurveyNotYet(SurveyError):
    code = "survey_not_yet"
    message = _("This survey opens when the visit begins.")


class SurveyClosed(SurveyError):
    code = "survey_closed"
    message = _("The visit has started: this survey before the visit is closed.")


class ClassComplete(SurveyError):
    code = "class_complete"
    message = _(
        "Every pupil of this class has already answered: thank you! If you have not, "
        "tell your teacher."
    )


class FeedbackAlreadyGiven(SurveyError):
    code = "feedback_already_given"
    message = _("Your site's feedback for this edition has already been given. Thank you!")


class AnsweredMeanwhile(SurveyError):
    code = "answered_meanwhile"
    message = _(
        "These answers were just recorded from another window: reload the page to see them."
    )
