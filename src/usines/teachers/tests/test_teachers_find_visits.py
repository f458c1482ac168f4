"""A teacher finds a school-day visit for a whole class near its school: room for
pupils and adults, nearest first, within the chosen distance, one page at a time."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.factories.models import Slot, Visit
from usines.schools import membership, services
from usines.schools.models import School
from usines.testsupport import EditionDayFactory, class_details, confirmed_teacher, slot_at

pytestmark = pytest.mark.django_db
CLUSES = (46.0625, 6.575)
SEARCH = "/enseignant/visites/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def day(db):
    return EditionDayFactory(audience=Audience.SCHOOL)


def school_slot(day, key: str, name: str, capacity: int = 60, **visit) -> Slot:
    """A slot of `capacity` places on `day` at a factory called `name` in a PLACES commune."""
    slot = slot_at(day, key, name=name)
    Slot.objects.filter(pk=slot.pk).update(capacity=capacity)
    Visit.objects.filter(pk=slot.visit_id).update(**visit)
    slot.refresh_from_db()
    return slot


def teacher_at(point, uai="0740003B", username="prof@example.org") -> User:
    user = User.objects.create_user(username, username, "pw", role=Role.TEACHER)
    school = School.objects.create(
        uai=uai, name="Lycée Charles Poncet", latitude=point[0], longitude=point[1]
    )
    confirmed_teacher(user, school)
    return user


def sites_in(response) -> list[str]:
    return re.findall(r'<h3><a href="/usine/\d+/">([^<]+)</a></h3>', response.content.decode())


def test_only_slots_with_room_for_the_whole_class_nearest_first(client, day):
    school_slot(day, "annecy", "Usine d'Annecy")  # 39 km away
    school_slot(day, "sallanches", "Usine de Sallanches")  # 15 km
    school_slot(day, "cluses", "Usine de Cluses", capacity=40)
    school_slot(day, "cluses", "Petite usine", capacity=29)  # the class counts 30
    Slot.objects.filter(pk=school_slot(day, "cluses", "Usine fermée").pk).update(is_cancelled=True)
    public_day = EditionDayFactory(
        edition=day.edition, audience=Audience.PUBLIC, date=day.date + timedelta(days=1)
    )
    school_slot(public_day, "cluses", "Usine du samedi")
    school_slot(day, "lyon", "Usine de Lyon")  # 139 km: beyond every radius
    client.force_login(teacher_at(CLUSES))

    nearby = client.get(SEARCH, {"pupils": 28, "adults": 2, "radius": 25}, **EN)
    farther = client.get(SEARCH, {"pupils": 28, "adults": 2, "radius": 50}, **EN)

    assert sites_in(nearby) == ["Usine de Cluses", "Usine de Sallanches"]
    assert sites_in(farther) == ["Usine de Cluses", "Usine de Sallanches", "Usine d&#x27;Annecy"]
    html = farther.content.decode()
    assert "0 km from the school" in html and "15 km from the school" in html
    assert "39 km from the school" in html
    assert "40 places left" in html and "60 places left" in html
    assert "Far for a coach" not in html


def test_a_far_visit_warns_of_the_coach_trip(client, day):
    school_slot(day, "cluses", "Usine de Cluses")  # 68 km from the school below
    client.force_login(teacher_at((45.45, 6.575)))

    response = client.get(SEARCH, {"pupils": 20, "adults": 2, "radius": 100}, **EN)

    assert sites_in(response) == ["Usine de Cluses"]
    # 68 km as the crow flies, 88.5 km on the road at 50 km/h: 1 h 46.
    assert "68 km from the school" in response.content.decode()
    assert "Far for a coach: about 1 h 46 on the road each way." in response.content.decode()


def test_each_result_books_that_slot_for_the_class_as_searched(client, day):
    slot = school_slot(day, "cluses", "Usine de Cluses")
    client.force_login(teacher_at(CLUSES))

    response = client.get(SEARCH, {"pupils": 28, "adults": 2, "level": "2de", "radius": 10})

    link = f"/enseignant/creneau/{slot.pk}/?pupils=28&amp;adults=2&amp;level=2de"
    assert link in response.content.decode()
    form = client.get(f"/enseignant/creneau/{slot.pk}/?pupils=28&adults=2&level=2de")
    html = form.content.decode()
    assert re.search(r'name="pupils"[^>]*value="28"', html)
    assert re.search(r'<option value="2de" selected>', html)


def test_levels_ages_and_the_hosts_number_of_classes_are_respected(client, day):
    school_slot(day, "cluses", "Pour les 3e", school_levels="3e")
    school_slot(day, "cluses", "Dès 16 ans", minimum_age=16)
    full_of_classes = school_slot(day, "cluses", "Une classe à la fois", max_classes_per_slot=1)
    school_slot(day, "cluses", "Pour tous", school_levels="2de,1re")
    teacher = teacher_at(CLUSES)
    other = User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.TEACHER)
    confirmed_teacher(other, School.objects.create(uai="0740008G", name="Collège"))
    services.book_class(full_of_classes.pk, other, class_details(pupils=10, girls=5))
    client.force_login(teacher)

    any_level = client.get(SEARCH, {"pupils": 5, "adults": 1, "radius": 10})
    seconde = client.get(SEARCH, {"pupils": 5, "adults": 1, "radius": 10, "level": "2de"})

    assert sorted(sites_in(any_level)) == ["Dès 16 ans", "Pour les 3e", "Pour tous"]
    assert sites_in(seconde) == ["Pour tous"]


def test_results_come_a_page_at_a_time_in_the_same_number_of_queries(client, day):
    slots = [school_slot(day, "cluses", f"Usine {n:02d}") for n in range(25)]
    client.force_login(teacher_at(CLUSES))
    query = {"pupils": 5, "adults": 1, "radius": 10}

    with CaptureQueriesContext(connection) as first:
        page_one = client.get(SEARCH, query)
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(SEARCH, {**query, "page": 2})

    assert len(sites_in(page_one)) == 20 and len(sites_in(page_two)) == 5
    assert len(first.captured_queries) == len(second.captured_queries)
    assert "page=2" in page_one.content.decode() and "pupils=5" in page_one.content.decode()
    assert {*sites_in(page_one), *sites_in(page_two)} == {
        slot.visit.participation.site.name for slot in slots
    }


def test_only_a_teacher_its_school_confirmed_searches_from_it(client, day):
    school_slot(day, "cluses", "Usine de Cluses")
    waiting = User.objects.create_user("w@example.org", "w@example.org", "pw", role=Role.TEACHER)
    school = School.objects.create(uai="0740008G", name="Collège", latitude=46.06, longitude=6.57)
    membership.claim_school(waiting, school)
    nobody = User.objects.create_user("v@example.org", "v@example.org", "pw")

    for user in (waiting, nobody):
        client.force_login(user)
        response = client.get(SEARCH, {"pupils": 5, "adults": 1, "radius": 10})
        assert response.status_code == 302 and response["Location"] == "/enseignant/"
    client.logout()
    assert client.get(SEARCH).status_code == 302  # to the log-in page


def test_a_class_larger_than_the_edition_allows_is_explained(client, day):
    client.force_login(teacher_at(CLUSES))

    response = client.get(SEARCH, {"pupils": 60, "adults": 10, "radius": 10}, **EN)

    assert "A class counts" in response.content.decode()
    assert sites_in(response) == []


def test_the_search_is_in_the_teachers_menu(client, day):
    client.force_login(teacher_at(CLUSES))

    html = client.get(SEARCH).content.decode()

    menu = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert re.search(r'<a href="/enseignant/visites/"[^>]*aria-current="page"', menu)
