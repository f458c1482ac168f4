"""The organisers' coach plan: proposals, acceptance, exports, the map, scope; and the
upload of the national school directory."""

from io import BytesIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from usines.accounts.models import Role, User
from usines.factories.models import Participation
from usines.schools import coaches as coach_services
from usines.schools.models import CoachPool
from usines.testsupport import RegionFactory

pytestmark = pytest.mark.django_db
DIRECTORY = Path(__file__).resolve().parents[2] / "schools" / "tests" / "annuaire-sample.csv"
SALLANCHES = (45.9364, 6.6317)
PASSY = (45.9233, 6.6897)
LYON = (45.764, 4.8357)


def test_organiser_pages_exports_and_scope(client, coach_classes):
    coach_services.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    national = User.objects.create_user("n@example.org", "n@example.org", "pw", role=Role.ORGANISER)
    client.force_login(national)
    pool = CoachPool.objects.get(seats_used=52)

    assert "Lycée du Mont-Blanc" in client.get("/organisation/autocars/").content.decode()
    client.post(f"/organisation/autocars/{pool.pk}/accepter/")
    sheet = load_workbook(BytesIO(client.get("/organisation/autocars/plan.xlsx").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[4] for row in rows[1:]] == ["Collège de Passy", "Lycée du Mont-Blanc"]
    pdf = client.get(f"/organisation/autocars/{pool.pk}/fiche.pdf")
    assert pdf["Content-Type"] == "application/pdf"

    RegionFactory(code="11", name="Île-de-France")
    other_region = User.objects.create_user(
        "idf@example.org", "idf@example.org", "pw", role=Role.ORGANISER, region_id="11"
    )
    client.force_login(other_region)
    assert client.get(f"/organisation/autocars/{pool.pk}/fiche.pdf").status_code == 404
    client.force_login(coach_classes[1][0])  # a teacher
    assert client.get("/organisation/autocars/").status_code == 404


def test_the_map_shows_the_schools_asking_for_a_coach(client, coach_classes):
    client.force_login(User.objects.create_user("m@example.org", "m@example.org", "pw",
                                                role=Role.ORGANISER))  # fmt: skip
    data = client.get("/organisation/autocars/demandes.geojson").json()
    names = sorted(feature["properties"]["name"] for feature in data["features"])
    assert names == ["Collège de Passy", "Lycée de Lyon", "Lycée du Mont-Blanc"]
    passy = next(f for f in data["features"] if f["properties"]["name"] == "Collège de Passy")
    assert passy["geometry"]["coordinates"] == [6.6897, 45.9233]


def test_organisers_upload_the_directory(client):
    organiser = User.objects.create_user(
        "o@example.org", "o@example.org", "pw", role=Role.ORGANISER
    )
    client.force_login(organiser)
    with open(DIRECTORY, "rb") as handle:
        response = client.post(
            "/organisation/etablissements/",
            {"file": handle},
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "2 schools imported. 1 row skipped (invalid UAI code)." in response.content.decode()
    bad = SimpleUploadedFile("x.csv", b"a;b\n1;2\n")
    response = client.post("/organisation/etablissements/", {"file": bad})
    assert "missing columns" in response.content.decode()

    client.force_login(User.objects.create_user("t@example.org", "t@example.org", "pw"))
    assert client.get("/organisation/etablissements/").status_code == 404
