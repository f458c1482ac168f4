"""Finding a visit: places typed by visitors, distances, and every filter alone and combined."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from usines.editions.models import Audience
from usines.factories.filters import VisitFilter
from usines.factories.queries import published_participations
from usines.reference.geo import BoundingBox, resolve_place, suggest_communes
from usines.reference.models import Job, NafDivision, NafSection
from usines.testsupport import (
    EditionDayFactory,
    NafCodeFactory,
    SlotFactory,
    place_commune,
    slot_at,
)

pytestmark = pytest.mark.django_db


def food_naf():
    section = NafSection.objects.get_or_create(code="C", defaults={"label": "Industrie"})[0]
    division = NafDivision.objects.get_or_create(
        code="10", defaults={"label": "Industries alimentaires", "section": section}
    )[0]
    return NafCodeFactory(
        code="10.82Z", label="Fabrication de cacao, chocolat et confiserie", division=division
    )


@pytest.fixture
def world():
    """Five factories around Cluses at known distances, on a public day and a school day."""
    public = EditionDayFactory(audience=Audience.PUBLIC)
    school = EditionDayFactory(
        edition=public.edition, audience=Audience.SCHOOL, date=public.date.replace(day=1)
    )
    slots = {
        "cluses": slot_at(public, "cluses", name="Décolletage de Cluses"),
        "sallanches": slot_at(
            school,
            "sallanches",
            name="Chocolaterie du Mont-Blanc",
            naf=food_naf(),
            products="chocolat, pralines",
        ),
        "annecy": slot_at(public, "annecy", name="Aérostructures d'Annecy"),
        "lyon": slot_at(public, "lyon", name="Robinetterie lyonnaise"),
        "saint-etienne": slot_at(public, "saint-etienne", name="Cycles stéphanois"),
    }
    return public.edition, slots


def names(edition, **params):
    visits = VisitFilter(
        {key: value for key, value in params.items()},
        queryset=published_participations(edition),
        edition=edition,
    )
    assert visits.is_valid(), visits.errors
    return [participation.site.name for participation in visits.qs]


def test_postcode_gives_its_most_populous_commune():
    place_commune("cluses")

    place = resolve_place("74300")

    assert place.label == "Cluses (74)"
    assert (place.latitude, place.longitude) == (46.0625, 6.575)


@pytest.mark.parametrize(
    "typed", ["st etienne", "Saint-Étienne", "SAINT ETIENNE", "saint-etienne (42)", "42000"]
)
def test_commune_names_forgive_accents_hyphens_and_abbreviations(typed):
    place_commune("saint-etienne")
    place_commune("lyon")

    assert resolve_place(typed).label == "Saint-Étienne (42)"


def test_coordinates_and_unknown_places():
    assert resolve_place("45.5, 6.1").latitude == 45.5
    assert resolve_place("95.0,6.1") is None
    assert resolve_place("Atlantide") is None
    assert resolve_place("") is None


def test_autocomplete_suggests_by_name_prefix_and_by_postcode():
    for key in ("saint-etienne", "sallanches", "cluses"):
        place_commune(key)

    assert [s.label for s in suggest_communes("st et")] == ["Saint-Étienne (42)"]
    assert [s.name for s in suggest_communes("743")] == ["Cluses"]
    assert [s.postcode for s in suggest_communes("sall")] == ["74700"]
    assert suggest_communes("s") == []


def test_near_sorts_by_distance_and_keeps_only_the_radius(world):
    edition, _ = world
    visits = VisitFilter(
        {"near": "74300", "radius": "50"},
        queryset=published_participations(edition),
        edition=edition,
    )

    rows = list(visits.qs)

    assert [row.site.commune.name for row in rows] == ["Cluses", "Sallanches", "Annecy"]
    assert [round(row.distance_km) for row in rows] == [0, 15, 39]


@pytest.mark.parametrize(
    ("radius", "expected"),
    [("10", 1), ("25", 2), ("50", 3), ("100", 3)],
)
def test_each_radius(world, radius, expected):
    edition, _ = world
    assert len(names(edition, near="Cluses", radius=radius)) == expected


def test_lyon_is_within_150_km_of_cluses_by_haversine(world):
    """Cluses–Lyon is 137.6 km on the sphere; the box must not cut it off."""
    edition, _ = world
    visits = VisitFilter(
        {"near": "46.0625,6.575", "radius": "100"},
        queryset=published_participations(edition),
        edition=edition,
    )
    assert "Robinetterie lyonnaise" not in [row.site.name for row in visits.qs]
    box = BoundingBox.around(46.0625, 6.575, 140)
    assert box.west < 4.8357 < box.east and box.south < 45.764 < box.north


def test_unknown_place_is_a_form_error_not_an_empty_list(world):
    edition, _ = world
    visits = VisitFilter(
        {"near": "Atlantide"}, queryset=published_participations(edition), edition=edition
    )

    assert not visits.is_valid()
    assert "Atlantide" in visits.errors["near"][0]


def test_sector_in_words(world):
    edition, _ = world
    assert names(edition, sector="agroalimentaire") == ["Chocolaterie du Mont-Blanc"]
    assert "Chocolaterie du Mont-Blanc" not in names(edition, sector="metallurgie")
    assert len(names(edition, sector="metallurgie")) == 4


def test_day_audience_and_places_left(world):
    edition, slots = world
    school_day = slots["sallanches"].day
    full = slots["annecy"]
    full.booked = full.capacity
    full.save()

    assert names(edition, day=school_day.pk) == ["Chocolaterie du Mont-Blanc"]
    assert names(edition, audience="school") == ["Chocolaterie du Mont-Blanc"]
    assert "Aérostructures d'Annecy" not in names(edition, available="1")
    assert len(names(edition, available="1")) == 4


def test_available_on_the_chosen_day_only(world):
    """Places left on another day do not make a visit available on this one."""
    edition, slots = world
    full = slots["cluses"]
    full.booked = full.capacity
    full.save()
    SlotFactory(visit=full.visit, day=slots["sallanches"].day)  # school day, places left

    assert "Décolletage de Cluses" in names(edition, available="1")
    assert "Décolletage de Cluses" not in names(edition, available="1", day=full.day.pk)
    assert "Décolletage de Cluses" in names(edition, available="1", day=slots["sallanches"].day.pk)


def test_size_jobs_accessibility_and_age(world):
    edition, slots = world
    visit = slots["annecy"].visit
    visit.jobs.set([Job.objects.get(code="engineer"), Job.objects.get(code="quality")])
    visit.wheelchair_access = True
    visit.noise_level = "low"
    visit.minimum_age = 14
    visit.save()
    site = visit.participation.site
    site.headcount_band = "42"
    site.save()

    assert names(edition, size="large") == ["Aérostructures d'Annecy"]
    assert names(edition, jobs=["engineer", "research"]) == ["Aérostructures d'Annecy"]
    assert names(edition, jobs=["research"]) == []
    assert names(edition, accessibility=["wheelchair", "quiet"]) == ["Aérostructures d'Annecy"]
    assert names(edition, accessibility=["wheelchair", "hearing"]) == []
    assert "Aérostructures d'Annecy" not in names(edition, age="10")
    assert "Aérostructures d'Annecy" in names(edition, age="14")


def test_free_text_ignores_accents_and_finds_products_and_sectors(world):
    edition, _ = world
    assert names(edition, q="chocolat") == ["Chocolaterie du Mont-Blanc"]
    assert names(edition, q="AEROSTRUCTURES") == ["Aérostructures d'Annecy"]
    assert names(edition, q="agroalimentaire") == ["Chocolaterie du Mont-Blanc"]
    assert names(edition, q="stéphanois cycles") == ["Cycles stéphanois"]


def test_filters_combine(world):
    edition, _ = world
    assert names(edition, near="74300", radius="50", sector="metallurgie", available="1") == [
        "Décolletage de Cluses",
        "Aérostructures d'Annecy",
    ]
    assert names(edition, near="74300", radius="25", q="chocolat", audience="school") == [
        "Chocolaterie du Mont-Blanc"
    ]


def test_map_area(world):
    edition, _ = world
    assert names(edition, bbox="6.0,45.8,6.3,46.0") == ["Aérostructures d'Annecy"]
    invalid = VisitFilter(
        {"bbox": "6.3,45.8,6.0"}, queryset=published_participations(edition), edition=edition
    )
    assert not invalid.is_valid()


def test_list_and_count_are_two_queries_whatever_the_filters(world):
    edition, _ = world
    visits = VisitFilter(
        {
            "near": "74300",
            "radius": "100",
            "sector": "metallurgie",
            "available": "1",
            "jobs": ["engineer"],
            "accessibility": ["wheelchair"],
            "q": "usine",
            "size": "medium",
            "age": "12",
        },
        queryset=published_participations(edition),
        edition=edition,
    )
    assert visits.is_valid()
    with CaptureQueriesContext(connection) as queries:
        visits.qs.count()
        list(visits.qs[:20])
    # resolving "74300" is one query, done during validation above
    assert len(queries) == 2


def _great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    import math

    (lat1, lon1), (lat2, lon2) = (map(math.radians, point) for point in (a, b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def test_distances_in_sql_are_great_circle_ones_to_the_metre(world):
    """The distances the search computes in SQL match the great circle to a few metres
    within its largest radius, in mainland France and overseas; farther is left out."""
    from usines.reference.geo import Place, within_radius

    edition, _ = world
    site = published_participations(edition).first().site
    for latitude, longitude in ((46.06, 6.57), (-21.1, 55.5), (16.2, -61.5), (50.9, 2.4)):
        for north, east in ((0.3, 0.4), (-0.8, 0.2), (0.1, -1.1), (0.6, 0.7)):
            site.latitude, site.longitude = latitude + north, longitude + east
            site.save(update_fields=["latitude", "longitude"])
            here = Place(latitude, longitude, "test")
            expected = _great_circle_km((latitude, longitude), (site.latitude, site.longitude))
            rows = within_radius(published_participations(edition), here, 100, prefix="site__")
            found = next((row for row in rows if row.site_id == site.pk), None)
            if expected > 100:
                assert found is None
            else:
                assert found is not None and abs(found.distance_km - expected) < 0.005
