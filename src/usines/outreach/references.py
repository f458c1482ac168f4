"""The reference population the panel is compared with, and where it came from.

Two files make it: Urssaf's establishments by commune × APE (summed by region × sector
group, manufacturing divisions 10–33 only) and Insee's establishments by headcount
band (summed by size group). An import is read first (`read_reference`), which writes
nothing and says what it found: the rows read, the totals of each dimension, the
errors line by line. The preview travels to the confirmation signed (`seal`,
`unseal`), so the file is not kept on the server; confirming (`save_reference`)
replaces that kind's counts and records the source: the file, who, when and the
publisher's date when given.
"""

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from django.core import signing
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from usines.accounts.models import User
from usines.outreach.models import ReferenceCount, ReferenceKind, ReferenceSource
from usines.outreach.services import OutreachError
from usines.reference.models import (
    SIZE_BANDS,
    Commune,
    Region,
    Sector,
    SizeGroup,
    sector_of_division,
)
from usines.reference.text import normalise

MAX_ERRORS_SHOWN = 50
PREVIEW_SECONDS = 3600
SALT = "usines.outreach.references"

# Insee's detailed bands beyond the site's own (1–2, 3–5, 6–9; 2,000 and more).
SIZE_OF_BAND = {band: size for size, bands in SIZE_BANDS.items() for band in bands} | {
    "02": SizeGroup.SMALL,
    "03": SizeGroup.SMALL,
    "51": SizeGroup.LARGE,
    "52": SizeGroup.LARGE,
    "53": SizeGroup.LARGE,
}
UNKNOWN_BANDS = {"NN", ""}  # Insee's "not known": left out, not an error

# Which file each dimension of the comparison comes from.
KIND_OF_DIMENSION = {
    "region": ReferenceKind.ESTABLISHMENTS,
    "sector": ReferenceKind.ESTABLISHMENTS,
    "size": ReferenceKind.SIZES,
}


@dataclass
class ReferencePreview:
    """What a reference file holds: `counts` maps (region, sector, size) to a number of
    establishments, each a future ReferenceCount row."""

    kind: str
    file_name: str
    published_on: date | None = None
    column: str = ""
    rows_read: int = 0
    skipped: int = 0
    counts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    error_count: int = 0

    @property
    def establishments(self) -> int:
        return sum(self.counts.values())

    def totals(self) -> dict[str, dict[str, int]]:
        """Establishments by region, sector or size, as far as the file says."""
        totals: dict[str, Counter] = {"region": Counter(), "sector": Counter(), "size": Counter()}
        for (region, sector, size), n in self.counts.items():
            for dimension, key in (("region", region), ("sector", sector), ("size", size)):
                if key:
                    totals[dimension][key] += n
        return {dimension: dict(counter) for dimension, counter in totals.items() if counter}

    def error(self, line: int, problem: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_SHOWN:
            self.errors.append(_("Line %(line)s: %(problem)s") % {"line": line, "problem": problem})


def _rows(lines: Iterable[str]) -> csv.DictReader:
    """A reader over ";"- or ","-separated lines, whichever the header uses."""
    lines = iter(lines)
    header = next(lines, "")
    delimiter = ";" if ";" in header else ","
    return csv.DictReader(_chain(header, lines), delimiter=delimiter)


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _count(text: str | None) -> int:
    """A number of establishments as files write it ("1 234", "12,0", empty for none);
    ValueError for anything else."""
    cleaned = "".join((text or "").split()).replace(",", ".")
    if not cleaned:
        return 0
    value = float(cleaned)
    if not math.isfinite(value) or value < 0:
        raise ValueError(text)
    return int(value)


def _count_or_error(preview: ReferencePreview, line: int, text: str | None) -> int | None:
    try:
        return _count(text)
    except ValueError:
        preview.error(line, _("the count “%(count)s” is not a number.") % {"count": text})
        return None


def _column(names: list[str], *starts: str) -> list[str]:
    return [name for name in names if normalise(name).startswith(starts)]


def read_establishments(lines: Iterable[str], file_name: str) -> ReferencePreview:
    """Urssaf open data, "établissements employeurs … par commune × APE": columns "Code
    commune", "Code APE" (e.g. 1071C) and "Nombre d'établissements …" (the last one is
    taken: the latest year). Rows outside divisions 10–33 are left out."""
    reader = _rows(lines)
    names = reader.fieldnames or []
    communes, apes = _column(names, "code commune"), _column(names, "code ape")
    counts = _column(names, "nombre d etablissements")
    if not (communes and apes and counts):
        raise OutreachError(
            _(
                "This is not the Urssaf file: it needs “Code commune”, “Code APE” and "
                "“Nombre d'établissements …” columns."
            )  # fmt: skip
        )
    preview = ReferencePreview(ReferenceKind.ESTABLISHMENTS, file_name, column=counts[-1])
    region_of = dict(Commune.objects.values_list("pk", "department__region_id"))
    for line, row in enumerate(reader, start=2):
        preview.rows_read += 1
        ape = (row[apes[0]] or "").replace(".", "").strip().upper()
        if len(ape) < 2 or not ape[:2].isdigit():
            preview.error(line, _("the APE code “%(code)s” is not one.") % {"code": ape})
            continue
        if not 10 <= int(ape[:2]) <= 33:
            preview.skipped += 1
            continue
        commune = (row[communes[0]] or "").strip()
        region = region_of.get(commune)
        if region is None:
            preview.error(line, _("no commune has the code “%(code)s”.") % {"code": commune})
            continue
        count = _count_or_error(preview, line, row[counts[-1]])
        if count:
            preview.counts[(region, sector_of_division(ape[:2]), "")] += count
    return preview


def read_sizes(lines: Iterable[str], file_name: str) -> ReferencePreview:
    """Insee's manufacturing establishments by headcount band: a column whose name starts
    with "Tranche" (the band's code, 00 to 53) and one starting with "Nombre" or
    "Établissements" (the last one is taken). Bands "NN" (not known) are left out."""
    reader = _rows(lines)
    names = reader.fieldnames or []
    bands = _column(names, "tranche")
    counts = _column(names, "nombre", "etablissements")
    if not (bands and counts):
        raise OutreachError(
            _(
                "This is not a size-band table: it needs a “Tranche d'effectif” column and a "
                "“Nombre d'établissements” column."
            )  # fmt: skip
        )
    preview = ReferencePreview(ReferenceKind.SIZES, file_name, column=counts[-1])
    for line, row in enumerate(reader, start=2):
        preview.rows_read += 1
        band = (row[bands[0]] or "").strip().upper()
        band = band.zfill(2) if band.isdigit() else band
        if band in UNKNOWN_BANDS:
            preview.skipped += 1
            continue
        size = SIZE_OF_BAND.get(band)
        if size is None:
            preview.error(line, _("“%(band)s” is not an Insee band code.") % {"band": band})
            continue
        count = _count_or_error(preview, line, row[counts[-1]])
        if count:
            preview.counts[("", "", size)] += count
    return preview


READERS = {ReferenceKind.ESTABLISHMENTS: read_establishments, ReferenceKind.SIZES: read_sizes}


def read_reference(
    kind: str, upload, file_name: str, published_on: date | None = None
) -> ReferencePreview:
    """Read an uploaded file (binary, UTF-8) of `kind`; writes nothing. Raises
    OutreachError when the file is not of that kind or has nothing to keep."""
    try:
        preview = READERS[kind](io.TextIOWrapper(upload, encoding="utf-8-sig"), file_name)
    except UnicodeDecodeError as error:
        raise OutreachError(
            _("The file is not in UTF-8: save it as “CSV UTF-8” and send it again.")
        ) from error
    except csv.Error as error:
        raise OutreachError(_("This file cannot be read as CSV.")) from error
    if not preview.counts:
        raise OutreachError(_("No establishment could be read from this file."))
    preview.published_on = published_on
    return preview


def seal(preview: ReferencePreview) -> str:
    """The preview, signed, to send with the confirmation."""
    return signing.dumps(
        {
            "kind": preview.kind,
            "file": preview.file_name,
            "published": preview.published_on.isoformat() if preview.published_on else None,
            "rows": preview.rows_read,
            "counts": [[*key, n] for key, n in preview.counts.items()],
        },
        salt=SALT,
        compress=True,
    )


def unseal(token: str) -> ReferencePreview:
    """The preview sent back for confirmation; OutreachError when altered or too old."""
    try:
        data = signing.loads(token, salt=SALT, max_age=PREVIEW_SECONDS)
    except signing.BadSignature as error:
        raise OutreachError(_("This preview has expired: send the file again.")) from error
    return ReferencePreview(
        kind=data["kind"],
        file_name=data["file"],
        published_on=date.fromisoformat(data["published"]) if data["published"] else None,
        rows_read=data["rows"],
        counts=Counter({(region, sector, size): n for region, sector, size, n in data["counts"]}),
    )


@transaction.atomic
def save_reference(preview: ReferencePreview, by: User | None, label: str = "") -> ReferenceSource:
    """Replace the reference counts of the preview's kind with its own, and record where
    they came from."""
    label = label or preview.file_name
    kept = ReferenceCount.objects.all()
    if preview.kind == ReferenceKind.ESTABLISHMENTS:
        kept.filter(size="").delete()
    else:
        kept.exclude(size="").delete()
    ReferenceCount.objects.bulk_create(
        ReferenceCount(
            region_id=region or None, sector=sector, size=size, establishments=n, source=label
        )
        for (region, sector, size), n in preview.counts.items()
    )
    return ReferenceSource.objects.create(
        kind=preview.kind,
        label=label,
        file_name=preview.file_name,
        published_on=preview.published_on,
        imported_by=by,
        rows_read=preview.rows_read,
        establishments=preview.establishments,
    )


def latest_source(kind: str) -> ReferenceSource | None:
    """Where the reference counts of `kind` in use came from (None: never imported)."""
    return ReferenceSource.objects.filter(kind=kind).select_related("imported_by").first()


def current_sources() -> dict[str, ReferenceSource | None]:
    """The source in use for each dimension of the comparison (None: no reference)."""
    latest = {kind: latest_source(kind) for kind in ReferenceKind}
    return {dimension: latest[kind] for dimension, kind in KIND_OF_DIMENSION.items()}


@transaction.atomic
def synthetic_reference() -> None:
    """A clearly labelled synthetic reference for the demo: establishments spread by
    region in proportion to population, by sector with fixed national weights, and by
    size with fixed national shares."""
    label = _("Synthetic reference for the demo – not real data")
    weights = {Sector.FOOD: 20, Sector.METAL: 22, Sector.MAINTENANCE: 10, Sector.WOOD_PAPER: 10,
               Sector.PLASTICS: 8, Sector.MACHINERY: 6, Sector.FURNITURE: 9, Sector.TEXTILE: 4,
               Sector.ELECTRONICS: 4, Sector.CHEMICALS: 3, Sector.AUTOMOTIVE: 2,
               Sector.AEROSPACE: 1.5, Sector.PHARMA: 0.5}  # fmt: skip
    population = dict(
        Region.objects.annotate(n=Count("departments__communes")).values_list("pk", "n")
    )
    establishments = ReferencePreview(ReferenceKind.ESTABLISHMENTS, "")
    for region, n in population.items():
        for sector, weight in weights.items():
            if n:
                establishments.counts[(region, sector, "")] = round(n * weight)
    sizes = ReferencePreview(ReferenceKind.SIZES, "")
    sizes.counts.update({("", "", "small"): 70, ("", "", "medium"): 22, ("", "", "large"): 8})
    save_reference(establishments, None, label)
    save_reference(sizes, None, label)
