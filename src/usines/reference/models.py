"""France's administrative geography and the NAF rev. 2 sectors, loaded offline."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    region = models.ForeignKey(Region, models.PROTECT, related_name="departments")

    class Meta:
        ordering = ["code"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CoordinatePrecision(models.TextChoices):
    """How a commune's coordinates were found; see scripts/build_reference_data.py."""

    PLACE = "place", _("GeoNames place matched by name")
    POSTCODE = "postcode", _("centre of the communes sharing its postcode")
    DEPARTMENT = "department", _("centre of its department")


class Commune(models.Model):
    insee_code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    department = models.ForeignKey(Department, models.PROTECT, related_name="communes")
    population = models.PositiveIntegerField(_("population"), default=0)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    coordinate_precision = models.CharField(
        _("coordinate precision"), max_length=12, choices=CoordinatePrecision.choices
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("commune")
        verbose_name_plural = _("communes")

    def __str__(self) -> str:
        return f"{self.name} ({self.department_id})"


class Postcode(models.Model):
    """One postcode of one commune: a commune may have several, a postcode many communes."""

    code = models.CharField(_("postcode"), max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, models.CASCADE, related_name="postcodes")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "commune"], name="unique_postcode_commune")
        ]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return self.code


class TranslatedLabel(models.Model):
    """A reference label in French (Insee's NAF) and in English (Eurostat's NACE Rev. 2,
    the same nomenclature down to the class), read in the page's language."""

    label = models.CharField(_("label"), max_length=250)
    label_en = models.CharField(_("label in English"), max_length=250, blank=True)

    class Meta:
        abstract = True

    @property
    def local_label(self) -> str:
        """The label in the active language: English when asked for and known."""
        if self.label_en and (get_language() or "").startswith("en"):
            return self.label_en
        return self.label


class NafSection(TranslatedLabel):
    code = models.CharField(_("code"), max_length=1, primary_key=True)
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("NAF section")
        verbose_name_plural = _("NAF sections")

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"


class Sector(models.TextChoices):
    """Industries in words, each a group of NAF divisions (see SECTOR_DIVISIONS)."""

    FOOD = "agroalimentaire", _("Food and drink")
    TEXTILE = "textile", _("Textiles, clothing and leather")
    WOOD_PAPER = "bois-papier", _("Wood, paper and printing")
    CHEMICALS = "chimie", _("Chemicals")
    PHARMA = "pharmacie", _("Pharmaceuticals")
    PLASTICS = "plasturgie-materiaux", _("Plastics, rubber, glass and building materials")
    METAL = "metallurgie", _("Metalworking")
    ELECTRONICS = "electronique", _("Electronics and electrical equipment")
    MACHINERY = "machines", _("Machinery and equipment")
    AUTOMOTIVE = "automobile", _("Automotive")
    AEROSPACE = "aeronautique", _("Aerospace, rail and shipbuilding")
    FURNITURE = "meubles-autres", _("Furniture and other manufacturing")
    MAINTENANCE = "maintenance", _("Industrial repair and installation")
    ENERGY = "energie", _("Energy")
    WATER_WASTE = "eau-dechets", _("Water, waste and recycling")
    OTHER = "autres", _("Other activities")


SECTOR_DIVISIONS: dict[str, tuple[str, ...]] = {
    Sector.FOOD: ("10", "11", "12"),
    Sector.TEXTILE: ("13", "14", "15"),
    Sector.WOOD_PAPER: ("16", "17", "18"),
    Sector.CHEMICALS: ("19", "20"),
    Sector.PHARMA: ("21",),
    Sector.PLASTICS: ("22", "23"),
    Sector.METAL: ("24", "25"),
    Sector.ELECTRONICS: ("26", "27"),
    Sector.MACHINERY: ("28",),
    Sector.AUTOMOTIVE: ("29",),
    Sector.AEROSPACE: ("30",),
    Sector.FURNITURE: ("31", "32"),
    Sector.MAINTENANCE: ("33",),
    Sector.ENERGY: ("35",),
    Sector.WATER_WASTE: ("36", "37", "38", "39"),
}


def sector_of_division(code: str) -> str:
    for sector, divisions in SECTOR_DIVISIONS.items():
        if code in divisions:
            return sector
    return Sector.OTHER


class NafDivision(TranslatedLabel):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    label = models.CharField(_("label"), max_length=200)
    section = models.ForeignKey(NafSection, models.PROTECT, related_name="divisions")
    sector = models.CharField(
        _("sector"), max_length=24, choices=Sector.choices, default=Sector.OTHER, db_index=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("NAF division")
        verbose_name_plural = _("NAF divisions")

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"

    def save(self, *args, **kwargs):
        self.sector = sector_of_division(self.code)
        super().save(*args, **kwargs)


class NafCode(models.Model):
    """A NAF rev. 2 sub-class such as 10.71C, the code a SIRET is registered under."""

    code = models.CharField(_("code"), max_length=6, primary_key=True)
    label = models.CharField(_("label"), max_length=250)
    division = models.ForeignKey(NafDivision, models.PROTECT, related_name="codes")

    class Meta:
        ordering = ["code"]
        verbose_name = _("NAF code")
        verbose_name_plural = _("NAF codes")

    def __str__(self) -> str:
        return f"{self.code} – {self.label}"

    @property
    def local_label(self) -> str:
        """The sub-class's French label, or in English its division's label (NACE Rev. 2
        has no English for France's sub-classes)."""
        if (get_language() or "").startswith("en") and self.division.label_en:
            return self.division.label_en
        return self.label


class HeadcountBand(models.TextChoices):
    """Insee headcount bands (tranches d'effectif salarié) for an establishment."""

    NONE = "00", _("no employee")
    FROM_1 = "01", _("1 to 9 employees")
    FROM_10 = "11", _("10 to 19 employees")
    FROM_20 = "12", _("20 to 49 employees")
    FROM_50 = "21", _("50 to 99 employees")
    FROM_100 = "22", _("100 to 199 employees")
    FROM_200 = "31", _("200 to 249 employees")
    FROM_250 = "32", _("250 to 499 employees")
    FROM_500 = "41", _("500 to 999 employees")
    FROM_1000 = "42", _("1,000 employees or more")


class SizeGroup(models.TextChoices):
    """What a visitor asks about size, grouping the Insee headcount bands."""

    SMALL = "small", _("Fewer than 50 employees")
    MEDIUM = "medium", _("50 to 249 employees")
    LARGE = "large", _("250 employees or more")


SIZE_BANDS: dict[str, tuple[str, ...]] = {
    SizeGroup.SMALL: ("00", "01", "11", "12"),
    SizeGroup.MEDIUM: ("21", "22", "31"),
    SizeGroup.LARGE: ("32", "41", "42"),
}


class JobCode(models.TextChoices):
    """The jobs a visit can show: the reference list hosts tick and visitors filter on."""

    OPERATOR = "operator", _("Production operator")
    MACHINIST = "machinist", _("Machinist, CNC operator")
    WELDER = "welder", _("Welder, boilermaker")
    TECHNICIAN = "technician", _("Production technician")
    MAINTENANCE = "maintenance", _("Maintenance technician")
    AUTOMATION = "automation", _("Automation and robotics")
    QUALITY = "quality", _("Quality")
    LOGISTICS = "logistics", _("Logistics, supply chain")
    ENGINEER = "engineer", _("Engineer")
    RESEARCH = "research", _("Research and development")
    DESIGN = "design", _("Design office")
    SAFETY = "safety", _("Health, safety, environment")
    MANAGEMENT = "management", _("Team leader, production manager")


class Job(models.Model):
    """One row per JobCode, so that visits can link to the jobs they show."""

    code = models.CharField(_("code"), max_length=20, primary_key=True, choices=JobCode.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return JobCode(self.code).label
