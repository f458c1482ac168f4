"""Schools, the classes teachers bring, and the name lists only sensitive sites get."""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines.reference.text import normalise

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI = re.compile(r"^(\d{7})([A-Z])$")


def uai_check_letter(digits: str) -> str:
    """The check letter of a UAI: the 7 digits modulo 23, in a 23-letter alphabet."""
    return UAI_LETTERS[int(digits) % 23]


def is_valid_uai(value: str) -> bool:
    match = _UAI.match((value or "").strip().upper())
    return bool(match) and uai_check_letter(match.group(1)) == match.group(2)


def validate_uai(value: str) -> None:
    text = (value or "").strip().upper()
    if not _UAI.match(text):
        raise ValidationError(
            _("A UAI code has 7 digits and a letter, e.g. 0740003B."), code="uai_format"
        )
    if not is_valid_uai(text):
        raise ValidationError(
            _("This UAI code's check letter is wrong: check the code on your school's papers."),
            code="uai_key",
        )


class School(models.Model):
    uai = models.CharField(_("UAI code"), max_length=8, primary_key=True, validators=[validate_uai])
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=60, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("commune"), max_length=100, blank=True)
    commune = models.ForeignKey(
        "reference.Commune", models.SET_NULL, null=True, blank=True, related_name="schools"
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    email = models.EmailField(
        _("official e-mail"),
        blank=True,
        help_text=_("The school's address in the national directory; it confirms its teachers."),
    )
    search_name = models.CharField(max_length=200, db_index=True, editable=False, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name

    def save(self, *args, **kwargs):
        self.search_name = normalise(f"{self.name} {self.city}")
        super().save(*args, **kwargs)


class MembershipProof(models.TextChoices):
    SCHOOL_EMAIL = "school_email", _("Confirmed from the school's official address")
    ORGANISER = "organiser", _("Confirmed by an organiser")
    COLLEAGUE = "colleague", _("Invited by a confirmed colleague")


def new_token() -> str:
    return secrets.token_urlsafe(32)


class TeacherSchool(models.Model):
    """The school a teacher says it belongs to. Until the link is confirmed (see
    schools/membership.py) the teacher sees nothing of the school and books nothing
    in its name."""

    teacher = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="teacher_school"
    )
    school = models.ForeignKey(School, models.PROTECT, related_name="teachers")
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    proof = models.CharField(_("proof"), max_length=20, choices=MembershipProof.choices, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The secret of the link sent to the school's official address; single use.
    school_token = models.CharField(max_length=64, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("teacher's school")
        verbose_name_plural = _("teachers' schools")
        indexes = [models.Index(fields=["confirmed_at", "school"], name="teacher_school_pending")]

    def __str__(self) -> str:
        return f"{self.teacher} – {self.school}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class SchoolInvitation(models.Model):
    """A confirmed teacher invites a colleague of its school; the link is the secret,
    for the invited address only, once, for `membership.LINK_DAYS`."""

    school = models.ForeignKey(School, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("colleague invitation")
        verbose_name_plural = _("colleague invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.school}"


class Level(models.TextChoices):
    QUATRIEME = "4e", _("4e (year 9)")
    TROISIEME = "3e", _("3e (year 10)")
    SECONDE = "2de", _("2de (year 11)")
    PREMIERE = "1re", _("1re (year 12)")
    TERMINALE = "tle", _("Terminale (year 13)")
    CAP = "cap", _("CAP")
    BAC_PRO = "bacpro", _("Bac pro")
    BTS = "bts", _("BTS")
    BUT = "but", _("BUT")
    OTHER = "other", _("Other")


# The usual age of pupils at each level, checked against a visit's minimum age.
LEVEL_AGE = {
    Level.QUATRIEME: 13,
    Level.TROISIEME: 14,
    Level.SECONDE: 15,
    Level.PREMIERE: 16,
    Level.TERMINALE: 17,
    Level.CAP: 15,
    Level.BAC_PRO: 15,
    Level.BTS: 18,
    Level.BUT: 18,
}


class Track(models.TextChoices):
    GENERAL = "general", _("General")
    TECHNOLOGICAL = "techno", _("Technological")
    VOCATIONAL = "pro", _("Vocational")
    NONE = "none", _("Not applicable")


class ClassGroup(models.Model):
    """A class as one unit: counted in persons (pupils + adults) against a slot."""

    school = models.ForeignKey(School, models.PROTECT, related_name="classes")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="class_groups"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    track = models.CharField(_("track"), max_length=8, choices=Track.choices)
    pupils = models.PositiveSmallIntegerField(_("pupils"))
    girls = models.PositiveSmallIntegerField(_("of whom girls"))
    adults = models.PositiveSmallIntegerField(_("accompanying adults"))
    special_needs = models.TextField(_("special needs"), blank=True)
    note_to_host = models.TextField(_("note to the host"), blank=True)
    present_pupils = models.PositiveSmallIntegerField(_("pupils present"), null=True, blank=True)
    present_girls = models.PositiveSmallIntegerField(_("girls present"), null=True, blank=True)
    present_adults = models.PositiveSmallIntegerField(_("adults present"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the retention purge cleared what the class's booking said about people
    # (schools.retention); its counts stay.
    anonymised_at = models.DateTimeField(_("personal data deleted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        constraints = [
            models.CheckConstraint(condition=models.Q(pupils__gte=1), name="class_has_pupils"),
            models.CheckConstraint(
                condition=models.Q(girls__lte=models.F("pupils")), name="class_girls_within_pupils"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} – {self.school}"

    @property
    def persons(self) -> int:
        return self.pupils + self.adults


class ClassList(models.Model):
    """Names of a class's members, kept only for a site that requires them, only until
    the day after the visit (see `purge_class_lists`), readable only by its host."""

    class_group = models.OneToOneField(ClassGroup, models.CASCADE, related_name="name_list")
    entries = models.JSONField(_("names"), default=list)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("class list")
        verbose_name_plural = _("class lists")

    def __str__(self) -> str:
        return str(self.class_group)


class CoachRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    POOLED = "pooled", _("In an accepted coach")
    CANCELLED = "cancelled", _("Cancelled")


class CoachPool(models.Model):
    """One coach: the classes it picks up, in order, and where it takes them."""

    day = models.ForeignKey("editions.EditionDay", models.CASCADE, related_name="coach_pools")
    region = models.ForeignKey("reference.Region", models.PROTECT, related_name="coach_pools")
    coach_seats = models.PositiveSmallIntegerField(_("coach size"))
    seats_used = models.PositiveSmallIntegerField(_("seats used"))
    estimated_km = models.FloatField(_("estimated kilometres"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The coach company's driver for the day, written by the organiser once the coach
    # is accepted; a phone number is one driver, who drives one coach at a time.
    driver_name = models.CharField(_("driver's name"), max_length=150, blank=True)
    driver_phone = models.CharField(_("driver's phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["day", "pk"]
        verbose_name = _("coach")
        verbose_name_plural = _("coaches")

    def __str__(self) -> str:
        return f"{self.coach_seats} – {self.day}"


class CoachRequest(models.Model):
    """A teacher's request for transport, from the school to the visit and back."""

    class_group = models.OneToOneField(ClassGroup, models.CASCADE, related_name="coach_request")
    seats = models.PositiveSmallIntegerField(_("seats"))
    leave_after = models.TimeField(_("leave school after"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CoachRequestStatus.choices,
        default=CoachRequestStatus.REQUESTED,
    )
    pool = models.ForeignKey(
        CoachPool, models.SET_NULL, null=True, blank=True, related_name="requests"
    )
    stop_order = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("coach request")
        verbose_name_plural = _("coach requests")
        indexes = [models.Index(fields=["status", "pool"], name="coach_request_status_pool")]

    def __str__(self) -> str:
        return f"{self.class_group} – {self.seats}"
