"""An edition of the event and its days, each with an audience and a booking window."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    SCHOOL = "school", _("School classes")
    PUBLIC = "public", _("General public")


class EditionQuerySet(models.QuerySet):
    def current(self) -> "Edition | None":
        """The published edition whose days come next, else the latest one."""
        published = self.filter(is_published=True)
        today = timezone.localdate()
        upcoming = published.filter(days__date__gte=today).order_by("days__date").first()
        return upcoming or published.order_by("-year").first()


class Edition(models.Model):
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    tagline = models.CharField(_("tagline"), max_length=250, blank=True)
    tagline_en = models.CharField(
        _("tagline in English"),
        max_length=250,
        blank=True,
        help_text=_("Shown on the English pages; empty: the French tagline, marked as French."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Visible to the public on the site.")
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("places per booking, at most"),
        default=6,
        help_text=_("Upper bound on the places one visitor can book on a public day."),
    )
    max_class_size = models.PositiveSmallIntegerField(
        _("persons per class booking, at most"), default=40
    )
    max_places_per_email_per_slot = models.PositiveSmallIntegerField(
        _("places per e-mail address on one slot, at most"),
        default=6,
        help_text=_("All the public bookings made with one address on one slot, together."),
    )
    max_bookings_per_email_per_day = models.PositiveSmallIntegerField(
        _("public bookings per e-mail address per day, at most"),
        default=3,
        help_text=_("Keeps one person (or one script) from taking every visit of a day."),
    )
    target_factories = models.PositiveIntegerField(_("target: factories"), default=0)
    # Empty places on the day (bookings.release, bookings.reminders).
    release_after_minutes = models.PositiveSmallIntegerField(
        _("places not checked in released after (minutes)"),
        null=True,
        blank=True,
        help_text=_(
            "Minutes after a slot starts when the places of visitors not yet checked in go "
            "to those waiting; a host may set another time per slot. Empty: never."
        ),
    )
    short_notice_minutes = models.PositiveSmallIntegerField(
        _("minutes to reach the gate"),
        default=15,
        help_text=_("How long a visitor offered a released place has to come to the gate."),
    )
    first_reminder_days = models.PositiveSmallIntegerField(
        _("first reminder (days before the visit)"),
        default=7,
        help_text=_("0: no such reminder."),
    )
    second_reminder_days = models.PositiveSmallIntegerField(
        _("second reminder (days before the visit)"),
        default=1,
        help_text=_("0: no such reminder."),
    )
    release_unconfirmed = models.BooleanField(
        _("release the places of visitors who do not answer the reminders"),
        default=False,
        help_text=_("They are warned by e-mail first; their places then go to the waiting list."),
    )
    reconfirm_hours = models.PositiveSmallIntegerField(
        _("answer to the reminders due (hours before the visit)"), default=12
    )

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")

    def __str__(self) -> str:
        return self.name

    def previous(self) -> "Edition | None":
        """The latest edition of an earlier year: "last year's" edition."""
        return Edition.objects.filter(year__lt=self.year).order_by("-year", "-pk").first()


class EditionDay(models.Model):
    edition = models.ForeignKey(Edition, models.CASCADE, related_name="days")
    date = models.DateField(_("date"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    bookings_open_at = models.DateTimeField(_("bookings open at"))
    bookings_close_at = models.DateTimeField(_("bookings close at"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("day of the edition")
        verbose_name_plural = _("days of the edition")
        constraints = [
            models.UniqueConstraint(fields=["edition", "date"], name="unique_edition_date"),
            models.CheckConstraint(
                condition=models.Q(bookings_close_at__gt=models.F("bookings_open_at")),
                name="booking_window_not_empty",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} – {self.date:%d/%m/%Y} ({self.get_audience_display()})"

    def clean(self) -> None:
        if (
            self.bookings_open_at
            and self.bookings_close_at
            and self.bookings_close_at <= self.bookings_open_at
        ):
            raise ValidationError({"bookings_close_at": _("Bookings must close after they open.")})


class PhaseKind(models.TextChoices):
    """What a phase opens; `editions.calendar` says how each one rules the platform."""

    REGISTRATION = "registration", _("Hosts' registration")
    SCHOOL_BOOKINGS = "school_bookings", _("School bookings")
    PUBLIC_BOOKINGS = "public_bookings", _("Public bookings")
    EVENT = "event", _("Open days")
    CLOSING = "closing", _("Closing")


class Phase(models.Model):
    """A stretch of whole days (both included) of the edition's calendar; at most one
    of each kind per edition."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="phase_ends_after_start",
            ),
            models.UniqueConstraint(fields=["edition", "kind"], name="one_phase_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.starts_on:%d/%m} – {self.ends_on:%d/%m})"


class TargetMetric(models.TextChoices):
    FACTORIES = "factories", _("Factories")
    VISITORS = "visitors", _("Visitors")
    CLASSES = "classes", _("Classes")


class Target(models.Model):
    """A goal of the edition, nationally (no region) or for one region."""

    edition = models.ForeignKey(Edition, models.CASCADE, related_name="targets")
    region = models.ForeignKey("reference.Region", models.CASCADE, null=True, blank=True)
    metric = models.CharField(_("what"), max_length=10, choices=TargetMetric.choices)
    value = models.PositiveIntegerField(_("target"))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "region", "metric"], name="one_target_per_metric_and_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()}: {self.value}"
