"""The organisers' coach plan: every proposal accepted after a review, the driver of
an accepted coach, and the coach company's sheet with the pick-up times and the
hosts."""

import re
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.factories.models import Participation
from usines.reference.models import Region
from usines.schools import coaches
from usines.schools.models import CoachPool, CoachRequestStatus
from usines.testsupport import RegionFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REVIEW = "/organisation/autocars/tout-accepter/"


@pytest.fixture
def organiser(db):
    return User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.ORGANISER)


@pytest.fixture
def proposed(coach_classes):
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)
    return CoachPool.objects.order_by("pk")


def test_the_review_says_what_will_be_accepted_and_the_confirmation_accepts_it(
    client, organiser, proposed
):
    client.force_login(organiser)
    page = client.get("/organisation/autocars/", **EN).content.decode()
    assert f'href="{REVIEW}"' in page and "Review and accept all 2 proposed coaches" in page

    review = client.get(REVIEW, **EN).content.decode()

    assert "Confirming accepts 2 coaches · 3 classes · 79 seats" in review
    assert not CoachPool.objects.filter(accepted_at__isnull=False).exists()  # not yet
    ids = ",".join(str(pool.pk) for pool in proposed)
    assert f'name="pools" value="{ids}"' in review

    response = client.post(REVIEW, {"pools": ids}, follow=True, **EN)

    assert "2 coaches accepted; the teachers are told by e-mail." in response.content.decode()
    assert not CoachPool.objects.filter(accepted_at__isnull=True).exists()


def test_a_stale_review_accepts_nothing_and_asks_for_another(client, organiser, proposed):
    client.force_login(organiser)
    ids = ",".join(str(pool.pk) for pool in proposed)
    coaches.propose_coach_pools(Participation.objects.all(), school_radius_km=15)  # meanwhile

    response = client.post(REVIEW, {"pools": ids}, follow=True, **EN)

    assert response.redirect_chain[-1][0] == REVIEW
    assert "changed since you reviewed them" in response.content.decode()
    assert not CoachPool.objects.filter(accepted_at__isnull=False).exists()
    garbled = client.post(REVIEW, {"pools": "1,x"}, follow=True, **EN)
    assert "Review the coaches again." in garbled.content.decode()


def test_an_organiser_of_another_region_accepts_none_of_them(client, proposed):
    RegionFactory(code="11", name="Île-de-France")
    other = User.objects.create_user(
        "idf@example.org",
        "idf@example.org",
        "pw",
        role=Role.ORGANISER,
        region=Region.objects.get(code="11"),
    )
    client.force_login(other)

    assert "2 coaches" not in client.get(REVIEW, **EN).content.decode()
    client.post(REVIEW, {"pools": ",".join(str(pool.pk) for pool in proposed)})

    assert not CoachPool.objects.filter(accepted_at__isnull=False).exists()
    coaches.accept_coach_pool(proposed[0], User.objects.create_user("n@example.org"))
    assert client.get(f"/organisation/autocars/{proposed[0].pk}/chauffeur/").status_code == 404
    assert (
        client.post(
            f"/organisation/autocars/{proposed[0].pk}/chauffeur/",
            {"driver_name": "X", "driver_phone": "06 00 00 00 00"},
        ).status_code
        == 404
    )


def test_the_organiser_names_the_driver_of_an_accepted_coach(client, organiser, proposed):
    shared = proposed.get(seats_used=52)
    client.force_login(organiser)
    url = f"/organisation/autocars/{shared.pk}/chauffeur/"
    assert client.get(url).status_code == 404  # not accepted yet
    coaches.accept_coach_pool(shared, organiser)

    wrong = client.post(url, {"driver_name": "Paul Durand", "driver_phone": "call me"}, **EN)
    assert "Write a phone number" in wrong.content.decode()
    client.post(url, {"driver_name": "Paul Durand", "driver_phone": "06 12 34 56 78"})

    shared.refresh_from_db()
    assert (shared.driver_name, shared.driver_phone) == ("Paul Durand", "06 12 34 56 78")
    assert "Paul Durand" in client.get("/organisation/autocars/").content.decode()


def test_the_coach_sheet_and_plan_carry_the_times_the_driver_and_the_host(
    client, organiser, proposed, coach_classes
):
    slot, _teachers = coach_classes
    host = User.objects.create_user(
        "hote@example.org", "hote@example.org", "pw", first_name="Anne", last_name="Martin"
    )
    slot.visit.participation.site.team.add(host)
    shared = proposed.get(seats_used=52)
    coaches.accept_coach_pool(shared, organiser)
    coaches.set_coach_driver(shared, "Paul Durand", "06 12 34 56 78")
    client.force_login(organiser)

    pdf = client.get(f"/organisation/autocars/{shared.pk}/fiche.pdf", **EN)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(pdf.content)).pages)
    sheet = load_workbook(BytesIO(client.get("/organisation/autocars/plan.xlsx").content)).active

    assert "Driver: Paul Durand · 06 12 34 56 78" in text
    assert "Anne Martin, hote@example.org" in text
    rows = list(sheet.iter_rows(values_only=True))
    pickups = [row[12] for row in rows[1:]]
    assert all(len(time) == 5 for time in pickups) and pickups == sorted(pickups)
    assert {row[13] for row in rows[1:]} == {"Paul Durand"}
    for pickup in pickups:
        assert pickup in text
    assert set(shared.requests.values_list("status", flat=True)) == {CoachRequestStatus.POOLED}


def test_the_review_keeps_the_coaches_item_of_the_menu_marked(client, organiser, proposed):
    client.force_login(organiser)

    html = client.get(REVIEW).content.decode()

    menu = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.search(r'<a href="/organisation/autocars/"[^>]*aria-current="page"', menu)
