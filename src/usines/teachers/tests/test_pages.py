"""The teachers' pages: booking a class, its visit sheet, the school, who sees what."""

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.bookings.models import Booking, BookingStatus
from usines.reference.models import Job
from usines.schools import services
from usines.schools.directory import import_directory
from usines.schools.models import School, TeacherSchool
from usines.testsupport import SlotFactory, class_details, confirmed_teacher, place_commune

pytestmark = pytest.mark.django_db
DIRECTORY = Path(__file__).resolve().parents[2] / "schools" / "tests" / "annuaire-sample.csv"


def test_a_teacher_books_from_the_site_and_downloads_the_visit_sheet(client, school_slot, teacher):
    school_slot.visit.jobs.set(Job.objects.filter(code__in=["machinist", "quality"]))
    client.force_login(teacher)

    response = client.post(
        f"/enseignant/creneau/{school_slot.pk}/",
        {"level": "2de", "track": "general", "pupils": "28", "girls": "13", "adults": "2",
         "idempotency_key": "form-key-0001", "action": "book", "consent": "on"},
    )  # fmt: skip
    booking = Booking.objects.get()
    assert response["Location"] == f"/enseignant/classe/{booking.pk}/"

    pdf = client.get(f"/enseignant/classe/{booking.pk}/fiche.pdf")
    pages = [page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages]
    assert len(pages) == 2
    assert booking.checkin_code in pages[0]
    assert "Qualité" in pages[0] and "Qualité" in pages[1]


def test_bad_class_input_is_explained_and_kept(client, school_slot, teacher):
    client.force_login(teacher)

    response = client.post(
        f"/enseignant/creneau/{school_slot.pk}/",
        {"level": "2de", "track": "general", "pupils": "20", "girls": "25", "adults": "2",
         "idempotency_key": "form-key-0002", "action": "book", "consent": "on"},
    )  # fmt: skip

    html = response.content.decode()
    assert "plus de filles que d’élèves" in html
    assert 'value="25"' in html
    assert not Booking.objects.exists()


def test_another_teacher_and_another_host_get_404(client, school_slot, teacher):
    booking = services.book_class(school_slot.pk, teacher, class_details()).booking
    other = User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.TEACHER)
    confirmed_teacher(other, School.objects.create(uai="0740008G", name="Collège"))
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)
    SlotFactory().visit.participation.site.team.add(host)

    client.force_login(other)
    for url in (f"/enseignant/classe/{booking.pk}/", f"/enseignant/classe/{booking.pk}/fiche.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"/enseignant/classe/{booking.pk}/annuler/").status_code == 404
    client.force_login(host)
    assert client.get(f"/hote/classe/{booking.class_group_id}/").status_code == 404

    school_slot.visit.participation.site.team.add(host)
    assert client.get(f"/hote/classe/{booking.class_group_id}/").status_code == 200
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED


def test_a_teacher_picks_the_school_from_a_suggestion(client, teacher):
    place_commune("cluses")
    with open(DIRECTORY, encoding="utf-8") as handle:
        import_directory(handle)
    client.force_login(teacher)

    client.post("/enseignant/", {"uai": "0740008G – Collège Anthonioz de Gaulle (Cluses)"})
    assert TeacherSchool.objects.get(teacher=teacher).school_id == "0740008G"

    response = client.post("/enseignant/", {"uai": "0740008H"})
    assert "lettre de contrôle" in response.content.decode()
    assert TeacherSchool.objects.get(teacher=teacher).school_id == "0740008G"
