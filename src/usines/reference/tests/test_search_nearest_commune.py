"""A visitor's position is named by its nearest commune, from the reference data only."""

import pytest

from usines.reference.geo import nearest_commune, resolve_place
from usines.testsupport import place_commune

pytestmark = pytest.mark.django_db


@pytest.fixture
def communes():
    return {key: place_commune(key) for key in ("cluses", "sallanches", "saint-etienne", "lyon")}


def test_the_nearest_commune_is_the_one_whose_centre_is_closest(communes):
    # 2 km east of Saint-Étienne's centre, 50 km from Lyon
    assert nearest_commune(45.44, 4.415) == communes["saint-etienne"]
    # between Cluses and Sallanches, nearer Sallanches
    assert nearest_commune(45.97, 6.62) == communes["sallanches"]


def test_a_point_far_from_every_commune_has_none(communes):
    assert nearest_commune(-40.0, -120.0) is None


def test_coordinates_read_as_a_position_named_by_its_commune(communes):
    place = resolve_place("45.4397,4.3872")

    assert place.is_position
    assert place.label == "Saint-Étienne (42)"
    assert (place.latitude, place.longitude) == (45.4397, 4.3872)


def test_coordinates_with_no_commune_near_keep_their_numbers(communes):
    place = resolve_place("-40.0, -120.0")

    assert place.is_position
    assert place.label == "-40.0000, -120.0000"


def test_a_typed_commune_is_not_a_position(communes):
    place = resolve_place("Cluses")

    assert not place.is_position
    assert place.label == "Cluses (74)"
