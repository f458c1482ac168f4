"""Companies, their sites, a site's participation in an edition, its visit and slots."""

import secrets
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siren, siret

from usines.editions.models import Audience
from usines.reference.models import HeadcountBand, Sector, sector_of_division
from usines.reference.text import normalise
from usines.reference.validators import phone_validator


def validate_siren(value: str) -> None:
    if not siren.is_valid(value):
        raise ValidationError(_("Enter a valid SIREN: 9 digits with a correct check key."))


def validate_siret(value: str) -> None:
    if not siret.is_valid(value):
        raise ValidationError(_("Enter a valid SIRET: 14 digits with a correct check key."))


class Company(models.Model):
    siren = models.CharField(_("SIREN"), max_length=9, unique=True, validators=[validate_siren])
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name


class Site(models.Model):
    company = models.ForeignKey(Company, models.PROTECT, related_name="sites")
    siret = models.CharField(_("SIRET"), max_length=14, unique=True, validators=[validate_siret])
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=250)
    postcode = models.CharField(_("postcode"), max_length=5)
    commune = models.ForeignKey("reference.Commune", models.PROTECT, related_name="sites")
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    naf = models.ForeignKey(
        "reference.NafCode", models.PROTECT, related_name="sites", verbose_name=_("NAF code")
    )
    headcount_band = models.CharField(
        _("headcount band"), max_length=2, choices=HeadcountBand.choices
    )
    products = models.CharField(_("products"), max_length=250, blank=True)
    summary = models.CharField(
        _("short description"),
        max_length=200,
        blank=True,
        help_text=_("One sentence shown in lists and link previews."),
    )
    description = models.TextField(_("description"), blank=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="sites", verbose_name=_("hosts")
    )
    search_text = models.TextField(editable=False, default="")
    requires_named_visitors = models.BooleanField(
        _("visitors must be named in advance"),
        default=False,
        help_text=_(
            "Defence, nuclear, chemicals…: teachers then send their class list, kept until "
            "the day after the visit."
        ),
    )
    requires_birth_dates = models.BooleanField(
        _("birth dates required with the names"), default=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="site_lat_lon"),
            models.Index(fields=["name"], name="site_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.commune.name})"

    def save(self, *args, **kwargs):
        self.search_text = site_search_text(self)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.siret and self.company_id and not self.siret.startswith(self.company.siren):
            raise ValidationError({"siret": _("A site's SIRET starts with its company's SIREN.")})

    @property
    def directions_url(self) -> str:
        """OpenStreetMap's route planner with the site as destination: the visitor
        adds where they start from and how they travel."""
        return (
            "https://www.openstreetmap.org/directions"
            f"?to={self.latitude:.5f}%2C{self.longitude:.5f}"
        )

    @property
    def geo_uri(self) -> str:
        """The site's point as a geo: URI (RFC 5870), which a phone opens in its maps
        app; the query repeats it with the name, for the apps that label a pin."""
        point = f"{self.latitude:.5f},{self.longitude:.5f}"
        return f"geo:{point}?q={point}({quote(self.name)})"


def site_search_text(site: Site) -> str:
    """What free-text search looks in, normalised: name, products, place and sector.

    The sector is written in French and English so that "aéronautique" and
    "aerospace" both find an aircraft plant whatever the page's language.
    """
    parts = [site.name, site.products, site.description]
    if site.commune_id:
        parts.append(site.commune.name)
    if site.naf_id:
        division = site.naf.division
        parts += [site.naf.label, division.label]
        sector = Sector(sector_of_division(division.code))
        for language in ("fr", "en"):
            with translation.override(language):
                parts.append(str(sector.label))
    return normalise(" ".join(part for part in parts if part))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class ParticipationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Participation(models.Model):
    site = models.ForeignKey(Site, models.CASCADE, related_name="participations")
    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="participations")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.DRAFT,
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_message = models.TextField(_("message to the host"), blank=True)

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "edition"], name="one_participation_per_edition"
            )
        ]
        indexes = [models.Index(fields=["edition", "status"], name="participation_edition_status")]

    def __str__(self) -> str:
        return f"{self.site} – {self.edition}"

    @property
    def changes_requested(self) -> bool:
        """Sent back to its draft by an organiser (`request_changes`), whose words are
        the decision message: a draft that has been decided on was sent back."""
        return self.status == ParticipationStatus.DRAFT and self.decided_at is not None


class NoiseLevel(models.TextChoices):
    LOW = "low", _("Quiet")
    MODERATE = "moderate", _("Some noise")
    HIGH = "high", _("Loud: ear protection provided")


class Accessibility(models.TextChoices):
    """What a visitor can require of a visit; see ACCESSIBILITY_RULES for the meaning."""

    WHEELCHAIR = "wheelchair", _("Wheelchair access")
    STEP_FREE = "step_free", _("No stairs")
    HEARING = "hearing", _("Hearing support")
    VISUAL = "visual", _("Visual support")
    SHORT_STANDING = "short_standing", _("Standing 30 minutes at most")
    QUIET = "quiet", _("Quiet visit")


SHORT_STANDING_MINUTES = 30
ACCESSIBILITY_RULES: dict[str, models.Q] = {
    Accessibility.WHEELCHAIR: models.Q(visit__wheelchair_access=True),
    Accessibility.STEP_FREE: models.Q(visit__step_free=True),
    Accessibility.HEARING: models.Q(visit__hearing_support=True),
    Accessibility.VISUAL: models.Q(visit__visual_support=True),
    Accessibility.SHORT_STANDING: models.Q(visit__standing_minutes__lte=SHORT_STANDING_MINUTES),
    Accessibility.QUIET: models.Q(visit__noise_level=NoiseLevel.LOW),
}


class ParticipationAction(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    SUBMITTED = "submitted", _("Submitted for approval")
    APPROVED = "approved", _("Approved")
    CHANGES_REQUESTED = "changes", _("Changes requested")
    DECLINED = "declined", _("Declined")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EDITED = "edited", _("Edited after approval")


class ParticipationEvent(models.Model):
    """One step of a participation's life: who did what, when, and what they said."""

    participation = models.ForeignKey(Participation, models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=ParticipationAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(_("message"), blank=True)
    # An edit of a live visit: each field's label with its text before and after,
    # shown side by side to the organisers until one of them has seen it.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("seen by an organiser at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(fields=["action", "reviewed_at"], name="event_edits_to_review"),
        ]
        verbose_name = _("participation event")
        verbose_name_plural = _("participation events")

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.created_at:%d/%m/%Y %H:%M}"


def photo_path(instance: "SitePhoto", filename: str) -> str:
    return f"sites/{instance.site_id}/{secrets.token_hex(8)}.jpg"


class SitePhoto(models.Model):
    site = models.ForeignKey(Site, models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=photo_path)
    thumbnail = models.ImageField(upload_to=photo_path, editable=False)
    description = models.CharField(
        _("what it shows"), max_length=200, help_text=_("Read aloud to blind visitors.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self) -> str:
        return self.description


class TeamInvitation(models.Model):
    """A colleague invited by e-mail to a site's team; the link is the secret."""

    site = models.ForeignKey(Site, models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.site}"


# The visit's rules a host ticks rather than writes, shown in the visitor's language.
TICKED_RULES = ("closed_shoes", "no_photos", "id_required", "ppe_provided")


class Visit(models.Model):
    """What a participating site shows and asks of its visitors."""

    participation = models.OneToOneField(Participation, models.CASCADE, related_name="visit")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what the visit shows"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=90)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), default=0)
    rules = models.TextField(
        _("rules"), blank=True, help_text=_("Safety rules: closed shoes, no photos, ID on entry…")
    )
    meeting_point = models.CharField(
        _("meeting point"),
        max_length=250,
        blank=True,
        help_text=_(
            "Where visitors go on arrival: gate, building, reception. Printed on their "
            "ticket and in their confirmation e-mail."
        ),
    )
    day_contact_name = models.CharField(
        _("contact on the day"),
        max_length=150,
        blank=True,
        help_text=_("Who teachers and coach drivers call on the day of the visit."),
    )
    day_contact_phone = models.CharField(
        _("their phone"), max_length=30, blank=True, validators=[phone_validator]
    )
    jobs = models.ManyToManyField(
        "reference.Job", blank=True, related_name="visits", verbose_name=_("jobs shown")
    )
    wheelchair_access = models.BooleanField(_("wheelchair access"), default=False)
    step_free = models.BooleanField(_("no stairs on the route"), default=False)
    hearing_support = models.BooleanField(
        _("support for deaf or hard-of-hearing visitors"), default=False
    )
    visual_support = models.BooleanField(
        _("support for blind or partially sighted visitors"), default=False
    )
    standing_minutes = models.PositiveSmallIntegerField(
        _("time standing (minutes)"), null=True, blank=True
    )
    noise_level = models.CharField(
        _("noise"), max_length=8, choices=NoiseLevel.choices, default=NoiseLevel.MODERATE
    )
    closed_shoes = models.BooleanField(_("closed shoes required"), default=False)
    no_photos = models.BooleanField(_("no photos"), default=False)
    id_required = models.BooleanField(_("ID required on entry"), default=False)
    ppe_provided = models.BooleanField(_("protective equipment provided"), default=False)
    languages = models.CharField(
        _("languages of the visit"), max_length=100, blank=True, default="français"
    )
    parking = models.CharField(_("parking"), max_length=250, blank=True)
    max_classes_per_slot = models.PositiveSmallIntegerField(
        _("classes per slot at most"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    school_levels = models.CharField(
        _("levels welcomed"),
        max_length=100,
        blank=True,
        help_text=_("Level codes separated by commas; empty: every level."),
    )

    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.search_text = visit_search_text(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def ticked_rules(self) -> list[str]:
        """The rules the host ticked, in the page's language (its own words are `rules`)."""
        return [
            capfirst(self._meta.get_field(name).verbose_name)
            for name in TICKED_RULES
            if getattr(self, name)
        ]

    @property
    def accessibility(self) -> list[str]:
        """The Accessibility codes this visit meets, in the list's order."""
        met = {
            Accessibility.WHEELCHAIR: self.wheelchair_access,
            Accessibility.STEP_FREE: self.step_free,
            Accessibility.HEARING: self.hearing_support,
            Accessibility.VISUAL: self.visual_support,
            Accessibility.SHORT_STANDING: self.standing_minutes is not None
            and self.standing_minutes <= SHORT_STANDING_MINUTES,
            Accessibility.QUIET: self.noise_level == NoiseLevel.LOW,
        }
        return [code.value for code, ok in met.items() if ok]


def visit_search_text(visit: Visit) -> str:
    """What free-text search looks in for a visit, normalised like `site_search_text`:
    its title and what it shows, so "reacteurs" finds "Les réacteurs"."""
    return normalise(" ".join(part for part in (visit.title, visit.description) if part))


class Slot(models.Model):
    """One start time of a visit, for one audience, with its capacity.

    `booked` counts the places taken by confirmed bookings plus the places held for
    pending waiting-list offers (`held`). Only bookings/capacity.py changes them.
    """

    visit = models.ForeignKey(Visit, models.CASCADE, related_name="slots")
    day = models.ForeignKey("editions.EditionDay", models.PROTECT, related_name="slots")
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"))
    booked = models.PositiveIntegerField(_("places taken"), default=0, editable=False)
    held = models.PositiveIntegerField(
        _("places held for waiting-list offers"), default=0, editable=False
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(booked__lte=models.F("capacity")), name="slot_never_oversold"
            ),
            models.CheckConstraint(
                condition=models.Q(held__lte=models.F("booked")), name="slot_held_within_booked"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["visit", "starts_at"], name="slot_visit_start"),
            models.Index(fields=["day", "audience"], name="slot_day_audience"),
        ]

    def __str__(self) -> str:
        return f"{self.visit} – {self.starts_at:%d/%m %H:%M}"

    @property
    def available(self) -> int:
        return max(self.capacity - self.booked, 0)

    def clean(self) -> None:
        if self.day_id and self.audience and self.audience != self.day.audience:
            raise ValidationError({"audience": _("A slot's audience is the audience of its day.")})
        if self.starts_at and self.day_id and self.starts_at.date() != self.day.date:
            raise ValidationError({"starts_at": _("The slot must start on its day's date.")})
        if self.pk and self.capacity is not None and self.capacity < self.booked:
            raise ValidationError(
                {
                    "capacity": _("Capacity cannot go below the %(booked)s places already taken.")
                    % {"booked": self.booked}
                }
            )
