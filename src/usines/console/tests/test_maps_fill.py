"""The cockpit's fill map gives each site the places from which a group of sites
computes its overall fill."""

import pytest

from usines.accounts.models import Role, User
from usines.testsupport import build_edition_with_history

pytestmark = pytest.mark.django_db


def test_each_site_of_the_fill_map_carries_its_places_booked_and_offered(client):
    build_edition_with_history()
    client.force_login(User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER))

    features = client.get("/organisation/tableau-de-bord/usines.geojson").json()["features"]

    places = sorted((f["properties"]["booked"], f["properties"]["capacity"]) for f in features)
    assert places == [(0, 10), (4, 10), (6, 10)]
    assert sum(booked for booked, _ in places) * 100 // sum(c for _, c in places) == 33
