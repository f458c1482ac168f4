"""The reference population's imports: read and previewed first, saved only when
confirmed, with where they came from; the monitor says which dimension has none."""

import importlib
import io
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from usines.accounts.models import Role, User
from usines.outreach import references, services
from usines.outreach.models import ReferenceCount, ReferenceKind, ReferenceSource
from usines.reference.models import NafDivision, NafSection
from usines.testsupport import place_commune

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parent / "urssaf-sample.csv"
SIZES = (
    "Tranche d'effectif salarié;Libellé;Nombre d'établissements 2022;Nombre d'établissements 2023\n"
    "00;0 salarié;100;110\n"
    "11;10 à 19 salariés;40;45\n"
    "22;100 à 199 salariés;9;10\n"
    "42;1 000 à 1 999 salariés;2;2\n"
    "NN;Non renseigné;5;5\n"
    "99;Inconnue;1;1\n"
    "21;50 à 99 salariés;x;abc\n"
)


@pytest.fixture(autouse=True)
def english():
    """The messages are checked in English (their French comes with the catalogue)."""
    with translation.override("en"):
        yield


@pytest.fixture
def communes(db):
    for key in ("cluses", "lyon", "saint-etienne"):
        place_commune(key)
    section = NafSection.objects.get_or_create(code="C", defaults={"label": "Industrie"})[0]
    NafDivision.objects.get_or_create(code="20", defaults={"label": "Chimie", "section": section})


@pytest.fixture
def national(db):
    return User.objects.create_user("nat@example.org", "nat@example.org", "pw", role=Role.ORGANISER)


def _read(kind: str, text: str, name: str = "file.csv"):
    return references.read_reference(kind, io.BytesIO(text.encode()), name)


def test_the_urssaf_file_is_read_by_region_and_sector_without_saving_anything(communes):
    text = SAMPLE.read_text(encoding="utf-8") + (
        "Auvergne-Rhône-Alpes;;74;Nulle part;99999;2562B;Mécanique;1;1;3;3\n"
    )

    preview = _read(ReferenceKind.ESTABLISHMENTS, text, "urssaf.csv")

    # the 2023 column; supermarkets (47) are not manufacturing
    assert preview.establishments == 42 + 11 + 28 + 2
    assert preview.totals()["sector"] == {"metallurgie": 70, "agroalimentaire": 11, "chimie": 2}
    assert preview.totals()["region"] == {"84": 83}
    assert preview.skipped == 1
    assert preview.errors == ["Line 7: no commune has the code “99999”."]
    assert not ReferenceCount.objects.exists() and not ReferenceSource.objects.exists()


def test_a_confirmed_import_replaces_the_reference_and_records_its_source(communes, national):
    ReferenceCount.objects.create(region_id="84", sector="textile", establishments=9, source="old")
    preview = _read(ReferenceKind.ESTABLISHMENTS, SAMPLE.read_text(encoding="utf-8"), "u.csv")
    preview.published_on = date(2024, 6, 30)

    source = references.save_reference(references.unseal(references.seal(preview)), national)

    assert services.reference_counts()["sector"] == {
        "metallurgie": 70,
        "agroalimentaire": 11,
        "chimie": 2,
    }
    assert (source.file_name, source.imported_by, source.published_on) == (
        "u.csv",
        national,
        date(2024, 6, 30),
    )
    assert source.establishments == 83 and source.rows_read == 5
    assert references.current_sources()["sector"] == source
    assert references.current_sources()["size"] is None


def test_the_insee_table_gives_the_size_reference_with_its_errors_by_line():
    preview = _read(ReferenceKind.SIZES, SIZES)

    assert preview.totals() == {"size": {"small": 155, "medium": 10, "large": 2}}
    assert preview.rows_read == 7 and preview.skipped == 1
    assert preview.errors == [
        "Line 7: “99” is not an Insee band code.",
        "Line 8: the count “abc” is not a number.",
    ]

    references.save_reference(preview, None)
    assert services.reference_counts()["size"] == {"small": 155, "medium": 10, "large": 2}


def test_a_file_of_the_wrong_kind_or_an_altered_preview_is_refused():
    with pytest.raises(services.OutreachError):
        _read(ReferenceKind.SIZES, "a;b\n1;2\n")
    with pytest.raises(services.OutreachError):
        _read(ReferenceKind.ESTABLISHMENTS, SIZES)
    sealed = references.seal(_read(ReferenceKind.SIZES, SIZES))
    with pytest.raises(services.OutreachError):
        references.unseal(sealed[:-2] + "xx")


def test_the_import_page_previews_then_saves_on_confirmation(client, national):
    client.force_login(national)
    url = "/organisation/representativite/import/tailles/"
    upload = SimpleUploadedFile("insee-tailles.csv", SIZES.encode(), "text/csv")

    response = client.post(
        url, {"file": upload, "published_on": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Preview: nothing is saved yet" in page and "Line 7" in page
    assert not ReferenceCount.objects.exists()
    sealed = response.context["confirm"]["sealed"].value()

    response = client.post(url, {"sealed": sealed})

    assert response.status_code == 302
    source = ReferenceSource.objects.get()
    assert (source.kind, source.file_name, source.published_on) == (
        ReferenceKind.SIZES,
        "insee-tailles.csv",
        date(2025, 1, 1),
    )
    monitor = client.get("/organisation/representativite/", HTTP_ACCEPT_LANGUAGE="en")
    assert "insee-tailles.csv" in monitor.content.decode()


def test_the_monitor_says_which_dimension_has_no_reference(client, national):
    ReferenceCount.objects.create(region_id=None, size="small", establishments=1, source="t")
    client.force_login(national)

    page = client.get("/organisation/representativite/", HTTP_ACCEPT_LANGUAGE="en")

    text = page.content.decode()
    assert "No reference for regions: import the Urssaf file." in text
    assert "No reference for size" not in text
    ReferenceCount.objects.all().delete()
    text = client.get("/organisation/representativite/", HTTP_ACCEPT_LANGUAGE="en")
    assert "No reference for size: import the Insee table." in text.content.decode()


def test_only_national_organisers_import_the_national_reference(client, db):
    place_commune("cluses")
    regional = User.objects.create_user(
        "ara@example.org", "ara@example.org", "pw", role=Role.ORGANISER, region_id="84"
    )
    client.force_login(regional)

    assert client.get("/organisation/representativite/import/etablissements/").status_code == 404


def test_a_reference_loaded_before_sources_were_kept_gets_its_source(db):
    ReferenceCount.objects.create(
        region_id=None, size="small", establishments=7, source="insee.csv"
    )
    ReferenceCount.objects.create(
        region_id=None, size="large", establishments=3, source="insee.csv"
    )
    migration = importlib.import_module(
        "usines.outreach.migrations.0003_desk16_sources_of_loaded_references"
    )

    migration.record_sources(apps, None)

    source = ReferenceSource.objects.get()
    assert (source.kind, source.label, source.establishments) == (
        ReferenceKind.SIZES,
        "insee.csv",
        10,
    )
