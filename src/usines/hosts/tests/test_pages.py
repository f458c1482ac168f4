"""The hosts' pages: scope, forms, exports, check-in endpoints, from sign-up to a site."""

import re
from io import BytesIO
from urllib.parse import urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.bookings.models import Booking, WalkIn
from usines.bookings.services import Contact, book_visit
from usines.editions.models import EditionDay
from usines.factories.models import Participation, SitePhoto, Slot
from usines.testsupport import (
    NafCodeFactory,
    SlotFactory,
    place_commune,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(slot):
    """Two hosts, each with a site; the first site has two bookings."""
    first = User.objects.create_user("h1@example.org", "h1@example.org", "pw", role=Role.HOST)
    second = User.objects.create_user("h2@example.org", "h2@example.org", "pw", role=Role.HOST)
    site = slot.visit.participation.site
    site.team.add(first)
    other = SlotFactory(day=slot.day).visit.participation.site
    other.team.add(second)
    book_visit(slot.pk, 2, Contact("Zoé Durand", "zoe@example.org", "74300"))
    book_visit(slot.pk, 3, Contact("Adam Petit", "adam@example.org", "74300"))
    return {"first": first, "second": second, "site": site, "slot": slot, "day": slot.day}


@pytest.fixture
def on_the_day(setup):
    """The bookings are made and the visit's day has come."""
    EditionDay.objects.filter(pk=setup["day"].pk).update(date=timezone.localdate())
    return setup


def host_urls(site_id: int, slot_id: int, day_id: int) -> list[tuple[str, str]]:
    base = f"/hote/site/{site_id}"
    day = f"{base}/accueil/{day_id}"
    return [
        ("get", f"{base}/"),
        ("get", f"{base}/visite/"),
        ("get", f"{base}/modifier/"),
        ("post", f"{base}/message/"),
        ("get", f"{base}/creneaux/"),
        ("get", f"{base}/photos/"),
        ("get", f"{base}/equipe/"),
        ("get", f"{base}/presence/"),
        ("get", f"{base}/export.csv"),
        ("get", f"{base}/export.xlsx"),
        ("get", f"{base}/export.pdf"),
        ("get", f"/hote/creneau/{slot_id}/"),
        ("get", f"{day}/"),
        ("get", f"{day}/api/counts"),
        ("post", f"{day}/api/checkin"),
        ("post", f"{day}/api/walkins"),
        ("post", f"{day}/code/"),
        ("post", f"{base}/soumettre/"),
        ("post", f"{base}/publier/"),
    ]


def test_a_host_reaches_every_page_of_its_site(client, setup):
    client.force_login(setup["first"])
    for method, url in host_urls(setup["site"].pk, setup["slot"].pk, setup["day"].pk):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_another_host_gets_404_everywhere(client, setup):
    client.force_login(setup["second"])
    for method, url in host_urls(setup["site"].pk, setup["slot"].pk, setup["day"].pk):
        if method == "get":
            response = client.get(url)
        else:
            response = client.post(url, "{}", content_type="application/json")
        assert response.status_code == 404, url
    assert not WalkIn.objects.exists()
    assert not Booking.objects.filter(checked_in_at__isnull=False).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, setup):
    response = client.get(f"/hote/site/{setup['site'].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_xlsx_and_csv_hold_the_right_rows(client, setup):
    client.force_login(setup["first"])

    response = client.get(f"/hote/site/{setup['site'].pk}/export.xlsx")
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][2:5] == ("Nom", "E-mail", "Places")
    assert [(row[2], row[4]) for row in rows[1:]] == [("Adam Petit", 3), ("Zoé Durand", 2)]

    csv_text = client.get(f"/hote/site/{setup['site'].pk}/export.csv").content.decode("utf-8-sig")
    lines = csv_text.strip().splitlines()
    assert len(lines) == 3 and "Zoé Durand" in lines[2]


def test_pdf_has_one_page_per_slot_with_check_in_boxes(client, setup):
    SlotFactory(visit=setup["slot"].visit, day=setup["day"], capacity=5)
    client.force_login(setup["first"])

    response = client.get(f"/hote/site/{setup['site'].pk}/export.pdf")

    assert response["Content-Type"] == "application/pdf"
    pages = [page.extract_text() for page in PdfReader(BytesIO(response.content)).pages]
    assert len(pages) == 2
    assert "Adam Petit" in pages[0] and "Zoé Durand" in pages[0]
    assert "Aucune réservation sur ce créneau." in pages[1]


def image_file(kind="JPEG", size=(800, 600), name="photo.jpg") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", size, (200, 80, 20)).save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_photos_are_checked_and_get_a_thumbnail(client, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(setup["first"])
    url = f"/hote/site/{setup['site'].pk}/photos/"

    not_image = SimpleUploadedFile("cv.jpg", b"%PDF-1.4 not a photo", content_type="image/jpeg")
    response = client.post(url, {"image": not_image, "description": "Atelier"})
    assert "pas une photo lisible" in response.content.decode()
    settings.PHOTO_MAX_BYTES = 1000
    response = client.post(url, {"image": image_file(), "description": "Atelier"})
    assert "5 Mo au plus" in response.content.decode()
    assert 'value="Atelier"' in response.content.decode()  # nothing typed is lost
    settings.PHOTO_MAX_BYTES = 5 * 1024 * 1024

    client.post(url, {"image": image_file(size=(3000, 2000)), "description": "Atelier"})

    photo = SitePhoto.objects.get()
    with Image.open(photo.image.path) as big, Image.open(photo.thumbnail.path) as small:
        assert max(big.size) == 1600 and max(small.size) == 480


def test_capacity_below_booked_is_a_clear_message(client, setup):
    client.force_login(setup["first"])
    slot = setup["slot"]

    response = client.post(f"/hote/creneau/{slot.pk}/", {"action": "capacity", "capacity": "3"})

    assert "ne peut pas descendre sous les 5 places déjà prises" in response.content.decode()
    slot.refresh_from_db()
    assert slot.capacity == 10


def test_day_of_slots_form(client, setup):
    client.force_login(setup["first"])
    url = f"/hote/site/{setup['site'].pk}/creneaux/"
    data = {
        "day": setup["day"].pk,
        "first_start": "09:00",
        "last_start": "11:15",
        "every_minutes": "45",
        "duration_minutes": "60",
        "capacity": "15",
    }

    assert client.post(url, {**data, "last_start": "08:00"}).status_code == 200
    response = client.post(url, data)

    assert response.status_code == 302
    assert Slot.objects.filter(visit=setup["slot"].visit, capacity=15).count() == 4


def test_check_in_api_answers_in_words_with_live_counts(client, on_the_day):
    setup = on_the_day
    client.force_login(setup["first"])
    booking = Booking.objects.get(name="Adam Petit")
    url = f"/hote/site/{setup['site'].pk}/accueil/{setup['day'].pk}/api/"

    first = client.post(url + "checkin", {"code": booking.checkin_code}, "application/json")
    again = client.post(url + "checkin", {"code": booking.checkin_code}, "application/json")
    walk = client.post(
        url + "walkins",
        {"category": "adult", "count": 4, "client_key": "k" * 12},
        "application/json",
    )
    bad = client.post(url + "walkins", {"category": "adult", "count": "x"}, "application/json")

    assert first.json()["outcome"] == "welcome"
    assert first.json()["message"].startswith("Bienvenue\u00a0! 3 places")
    assert again.json()["outcome"] == "already"
    assert walk.json()["counts"] == {
        "booked": 5,
        "arrived": 3,
        "walk_ins": 4,
        "by_category": {"adult": 4, "child": 0, "pupil": 0, "teacher": 0},
        "school": 0,
        "public": 7,
        "total": 7,
    }
    assert bad.status_code == 422
    assert client.post(url + "checkin", "not json", "application/json").json()["outcome"] == (
        "unknown"
    )


def test_check_in_without_javascript(client, on_the_day):
    setup = on_the_day
    client.force_login(setup["first"])
    booking = Booking.objects.get(name="Zoé Durand")
    base = f"/hote/site/{setup['site'].pk}/accueil/{setup['day'].pk}/"

    found = client.get(base, {"q": "zoé"}).content.decode()
    assert booking.checkin_code in found
    response = client.post(base + "code/", {"code": booking.checkin_code}, follow=True)

    assert "Bienvenue\u00a0! 2 places" in response.content.decode()


def test_sign_up_confirm_and_register_a_site(client, deliver_emails, setup):
    NafCodeFactory()
    place_commune("cluses")
    with deliver_emails.capture():
        response = client.post(
            "/accounts/inscription/",
            {
                "role": "host",
                "first_name": "Inès",
                "last_name": "Roux",
                "email": "Ines.Roux@Example.org",
                "password": "un atelier lumineux",
            },
        )
    assert "Consultez votre boîte de réception" in response.content.decode()
    user = User.objects.get(username="ines.roux@example.org")
    assert not user.is_active
    link = re.search(r"http\S+/accounts/confirmer/\S+/", deliver_emails()[-1].body).group(0)

    confirmed = client.get(urlparse(link).path)
    user.refresh_from_db()
    assert user.is_active
    assert confirmed["Location"].startswith("/accounts/login/")  # confirming logs no one in
    client.post(
        "/accounts/login/",
        {"username": "ines.roux@example.org", "password": "un atelier lumineux"},
    )

    response = client.post(
        "/hote/site/nouveau/",
        {
            "siret": "55210055400013",
            "name": "Chocolaterie des Aravis",
            "address": "3 route des Aravis",
            "postcode": "74300",
            "commune": "Cluses (74)",
            "naf": "25.62B",
            "headcount_band": "12",
        },
    )
    participation = Participation.objects.get(site__siret="55210055400013")
    assert response["Location"] == f"/hote/site/{participation.site_id}/visite/"
    assert user in participation.site.team.all()


def test_registering_a_taken_siret_offers_to_ask_the_team(client, setup):
    client.force_login(setup["second"])
    NafCodeFactory()
    place_commune("cluses")
    site = setup["site"]

    response = client.post(
        "/hote/site/nouveau/",
        {
            "siret": site.siret,
            "name": "Doublon",
            "address": "1 rue",
            "postcode": "74300",
            "commune": "Cluses",
            "naf": "25.62B",
            "headcount_band": "12",
        },
    )

    html = response.content.decode()
    assert "Ce SIRET est déjà inscrit à cette édition" in html
    assert f"/hote/site/{site.pk}/rejoindre/" in html
    assert 'value="Doublon"' in html
    assert Participation.objects.filter(site=site).count() == 1


def test_editing_the_site_moves_its_pin_and_its_search_words(client, setup):
    client.force_login(setup["first"])
    site = setup["site"]

    response = client.post(
        f"/hote/site/{site.pk}/modifier/",
        {
            "name": site.name,
            "address": "2 avenue des Lacs",
            "headcount_band": "22",
            "products": "ressorts de montres",
            "latitude": "46.0712",
            "longitude": "6.5901",
        },
    )

    assert response.status_code == 302
    site.refresh_from_db()
    assert (site.latitude, site.longitude) == (46.0712, 6.5901)
    assert "ressorts de montres" in site.search_text


def test_message_to_every_booker_of_a_day(client, setup, deliver_emails):
    client.force_login(setup["first"])
    with deliver_emails.capture():
        client.post(
            f"/hote/site/{setup['site'].pk}/message/",
            {"day": setup["day"].pk, "subject": "Parking", "body": "Entrée par la rue des Forges."},
        )
    sent = [m for m in deliver_emails() if "Entrée par la rue des Forges." in m.body]
    assert sorted(m.to[0] for m in sent) == ["adam@example.org", "zoe@example.org"]


def test_asking_to_join_only_after_trying_that_siret(client, setup, deliver_emails):
    client.force_login(setup["second"])
    site = setup["site"]
    assert client.post(f"/hote/site/{site.pk}/rejoindre/").status_code == 404

    NafCodeFactory()
    place_commune("cluses")
    client.post(
        "/hote/site/nouveau/",
        {"siret": site.siret, "name": "Doublon", "address": "1 rue", "postcode": "74300",
         "commune": "Cluses", "naf": "25.62B", "headcount_band": "12"},
    )  # fmt: skip
    with deliver_emails.capture():
        assert client.post(f"/hote/site/{site.pk}/rejoindre/").status_code == 302
    assert deliver_emails()[-1].to == ["h1@example.org"]
    assert client.post(f"/hote/site/{site.pk}/rejoindre/").status_code == 404  # once


def test_a_code_from_another_factory_tells_this_host_nothing_of_the_booking(client, setup):
    booking = Booking.objects.get(name="Zoé Durand")
    other_site = Participation.objects.exclude(site=setup["site"]).get().site
    client.force_login(setup["second"])

    response = client.post(
        f"/hote/site/{other_site.pk}/accueil/{setup['day'].pk}/api/checkin",
        {"code": booking.checkin_code},
        "application/json",
    )

    body = response.json()
    assert body["outcome"] == "wrong_site"
    assert "name" not in body and "places" not in body
    assert "Zoé" not in response.content.decode()


@pytest.mark.parametrize("count", ["1e400", 1e300, "-1", "abc", None])
def test_a_walk_in_count_that_is_no_number_of_people_is_refused(client, setup, count):
    client.force_login(setup["first"])
    url = f"/hote/site/{setup['site'].pk}/accueil/{setup['day'].pk}/api/walkins"
    body = '{"category": "public", "client_key": "abcdefgh12", "count": %s}' % (
        "null" if count is None else (f'"{count}"' if isinstance(count, str) else "1e400")
    )

    response = client.post(url, body, "application/json")

    assert response.status_code == 422
    assert not WalkIn.objects.exists()


def test_an_export_for_a_day_that_is_no_id_is_not_found(client, setup):
    client.force_login(setup["first"])

    response = client.get(f"/hote/site/{setup['site'].pk}/export.csv?day=abc")

    assert response.status_code == 404
