"""Recruiting factories: partner networks, their relays, prospects and every contact;
and the reference population the panel of factories is compared with."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from usines.reference.models import HeadcountBand, Sector


class Network(models.Model):
    """A partner network that canvasses factories (alumni, federations, territories)."""

    name = models.CharField(_("name"), max_length=150, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner network")
        verbose_name_plural = _("partner networks")

    def __str__(self) -> str:
        return self.name


class Relay(models.Model):
    """A volunteer of a network, scoped to the departments it canvasses."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="relay")
    network = models.ForeignKey(Network, models.PROTECT, related_name="relays")
    departments = models.ManyToManyField("reference.Department", related_name="relays")

    class Meta:
        verbose_name = _("relay")
        verbose_name_plural = _("relays")

    def __str__(self) -> str:
        return f"{self.user} – {self.network}"


class ProspectStatus(models.TextChoices):
    TO_CONTACT = "to_contact", _("To contact")
    CONTACTED = "contacted", _("Contacted")
    INTERESTED = "interested", _("Interested")
    REGISTERED = "registered", _("Registered")
    REFUSED = "refused", _("Refused")
    UNREACHABLE = "unreachable", _("Not reachable")


class RefusalReason(models.TextChoices):
    NO_TIME = "no_time", _("No time or staff that day")
    SAFETY = "safety", _("Safety or insurance concerns")
    CONFIDENTIALITY = "confidential", _("Confidentiality")
    PRODUCTION = "production", _("Production constraints")
    NOT_INTERESTED = "not_interested", _("Not interested")
    ALREADY_OPEN = "already_open", _("Already runs its own open days")
    OTHER = "other", _("Other")


class Prospect(models.Model):
    """A factory a network canvasses for one edition: its status is that edition's (the
    next edition starts again from a copy, see `prospects.carry_over`)."""

    edition = models.ForeignKey(
        "editions.Edition", models.PROTECT, related_name="prospects", verbose_name=_("edition")
    )
    network = models.ForeignKey(Network, models.PROTECT, related_name="prospects")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="prospects",
        verbose_name=_("owner"),
    )
    company = models.CharField(_("company"), max_length=200)
    site_name = models.CharField(_("site"), max_length=200, blank=True)
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, db_index=True)
    commune = models.ForeignKey(
        "reference.Commune", models.PROTECT, related_name="prospects", verbose_name=_("commune")
    )
    sector = models.CharField(_("sector"), max_length=24, choices=Sector.choices)
    headcount_band = models.CharField(
        _("headcount band"), max_length=2, choices=HeadcountBand.choices, blank=True
    )
    contact_name = models.CharField(_("contact"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ProspectStatus.choices,
        default=ProspectStatus.TO_CONTACT,
    )
    refusal_reason = models.CharField(
        _("reason for refusing"), max_length=16, choices=RefusalReason.choices, blank=True
    )
    participation = models.ForeignKey(
        "factories.Participation", models.SET_NULL, null=True, blank=True, related_name="prospects"
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company"]
        verbose_name = _("prospect")
        verbose_name_plural = _("prospects")
        indexes = [
            models.Index(fields=["network", "status"], name="prospect_network_status"),
            models.Index(fields=["edition", "follow_up_on"], name="prospect_edition_follow_up"),
        ]

    def __str__(self) -> str:
        return self.site_name or self.company


class Contact(models.Model):
    """One exchange with a prospect and what came of it."""

    prospect = models.ForeignKey(Prospect, models.CASCADE, related_name="contacts")
    relay = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=ProspectStatus.choices)
    refusal_reason = models.CharField(
        _("reason for refusing"), max_length=16, choices=RefusalReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.prospect} – {self.get_outcome_display()}"


class ReferenceCount(models.Model):
    """The reference population: manufacturing establishments of a region in a sector
    and a size band (one of the three may be blank when the source does not split it)."""

    region = models.ForeignKey("reference.Region", models.CASCADE, null=True, blank=True)
    sector = models.CharField(max_length=24, choices=Sector.choices, blank=True)
    size = models.CharField(max_length=8, blank=True)
    establishments = models.PositiveIntegerField()
    source = models.CharField(max_length=200)

    class Meta:
        verbose_name = _("reference count")
        verbose_name_plural = _("reference counts")

    def __str__(self) -> str:
        return f"{self.region_id} {self.sector} {self.size}: {self.establishments}"


class ReferenceKind(models.TextChoices):
    """What a reference file gives: Urssaf's establishments by commune × APE (the region
    and sector dimensions) or Insee's establishments by headcount band (the size one)."""

    ESTABLISHMENTS = "establishments", _("Urssaf establishments by region and sector")
    SIZES = "sizes", _("Insee establishments by size band")


class ReferenceSource(models.Model):
    """Where the reference counts of a kind came from: each import adds one, the latest
    is the one in use (the representativeness monitor shows it)."""

    kind = models.CharField(_("kind"), max_length=16, choices=ReferenceKind.choices)
    label = models.CharField(_("source"), max_length=200)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    published_on = models.DateField(_("publisher's date"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    establishments = models.PositiveIntegerField(_("establishments"), default=0)

    class Meta:
        ordering = ["-imported_at", "-pk"]
        verbose_name = _("reference source")
        verbose_name_plural = _("reference sources")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"
