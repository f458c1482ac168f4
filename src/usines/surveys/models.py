"""Questionnaires as data: per edition, audience and moment, in numbered versions.

A questionnaire that has answers is never changed: an organiser's edit makes the next
version (`surveys.editing`), and each response keeps the version it answered, so the
figures of one version stay comparable. Questions carry a stable `key` (such as
`recommend_industry`) and choices a stable `key`, so that figures compare from one
version and one edition to the next whatever the wording.

A response names no one: it links to a booking (a visitor's, or a class's for its
pupils), to a slot (the exit QR code) or to a participation (a host's feedback) only to
compare before and after and to count by audience; `services.forget_booking_links`
severs the link to bookings and keeps the answers for the figures.
"""

import secrets

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class SurveyAudience(models.TextChoices):
    PUBLIC = "public", _("General public")
    PUPILS = "pupils", _("Pupils")
    HOSTS = "hosts", _("Hosts")


class Moment(models.TextChoices):
    BEFORE = "before", _("Before the visit")
    AFTER = "after", _("After the visit")
    FEEDBACK = "feedback", _("Host's feedback")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("One choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale")
    TEXT = "text", _("Short text")


def _in_language(french: str, english: str) -> str:
    """The English wording on an English page when there is one, else the French."""
    language = (get_language() or "fr").split("-")[0]
    return english if language == "en" and english else french


class Questionnaire(models.Model):
    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="questionnaires")
    audience = models.CharField(_("audience"), max_length=8, choices=SurveyAudience.choices)
    moment = models.CharField(_("moment"), max_length=8, choices=Moment.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title in English"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "audience", "moment", "-version"]
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "audience", "moment", "version"],
                name="questionnaire_one_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def local_title(self) -> str:
        return _in_language(self.title, self.title_en)


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(
        _("key"),
        max_length=60,
        help_text=_("Stays the same from year to year so that figures compare."),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=QuestionKind.choices)
    text = models.CharField(_("question in French"), max_length=300)
    text_en = models.CharField(_("question in English"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    scale_min = models.PositiveSmallIntegerField(_("scale from"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("scale to"), default=5)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "key"], name="question_key_unique")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def local_text(self) -> str:
        return _in_language(self.text, self.text_en)

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    key = models.SlugField(_("key"), max_length=60)
    label = models.CharField(_("label in French"), max_length=200)
    label_en = models.CharField(_("label in English"), max_length=200, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(fields=["question", "key"], name="choice_key_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def local_label(self) -> str:
        return _in_language(self.label, self.label_en)


def new_respondent_key() -> str:
    return secrets.token_urlsafe(18)


class Response(models.Model):
    """One filled-in questionnaire. `edition`, `audience`, `moment` and `class_level`
    are copied from what it answered so that the figures survive the links' removal."""

    questionnaire = models.ForeignKey(Questionnaire, models.PROTECT, related_name="responses")
    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="+")
    audience = models.CharField(_("audience"), max_length=8, choices=SurveyAudience.choices)
    moment = models.CharField(_("moment"), max_length=8, choices=Moment.choices)
    # A visitor's booking, or for pupils their class's booking (many responses).
    booking = models.ForeignKey(
        "bookings.Booking",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    # The slot whose exit QR code was scanned, when no booking is known.
    slot = models.ForeignKey(
        "factories.Slot", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    participation = models.ForeignKey(
        "factories.Participation",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="survey_responses",
    )
    class_level = models.CharField(_("level"), max_length=8, blank=True)
    # The device's key (kept in its signed cookie), so that a device answering again
    # changes its own answers rather than adding a response.
    respondent_key = models.CharField(
        max_length=32, unique=True, default=new_respondent_key, editable=False
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [
            models.Index(fields=["edition", "audience", "moment"], name="response_figures"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "moment"],
                condition=models.Q(booking__isnull=False) & ~models.Q(audience="pupils"),
                name="response_one_per_booking_moment",
            ),
            models.UniqueConstraint(
                fields=["participation", "moment"],
                condition=models.Q(participation__isnull=False),
                name="response_one_per_participation_moment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_audience_display()} – {self.get_moment_display()} – {self.pk}"


class Answer(models.Model):
    """One question's answer: `choices` for single and multiple choice (one row for a
    single choice), `number` for a scale, `text` for a short text."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers")
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    text = models.CharField(_("text"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.question.key} – {self.response_id}"
