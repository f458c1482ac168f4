"""The relays' pages: each relay its territory, each organiser its region; a refusal
needs its reason and is counted on the organisers' recruitment page."""

import pytest

from usines.accounts.models import Role, User
from usines.outreach.models import Network
from usines.testsupport import DepartmentFactory, RegionFactory, place_commune, prospect

pytestmark = pytest.mark.django_db


def test_relays_see_their_territory_and_organisers_their_region(client, network, relay):
    mine = prospect(network)
    elsewhere = prospect(network, "lyon", company="Robinetterie")
    other_network = prospect(Network.objects.create(name="Autre"), company="Autre réseau")

    client.force_login(relay)
    assert client.get(f"/relais/prospect/{mine.pk}/").status_code == 200
    assert client.get(f"/relais/prospect/{elsewhere.pk}/").status_code == 404
    assert client.get(f"/relais/prospect/{other_network.pk}/").status_code == 404
    assert client.get("/organisation/recrutement/").status_code == 404

    RegionFactory(code="11", name="Île-de-France")
    paris = place_commune("lyon")
    paris.department = DepartmentFactory(code="75", name="Paris", region_id="11")
    paris.save()
    idf = User.objects.create_user("idf@example.org", "i@example.org", "pw",
                                   role=Role.ORGANISER, region_id="11")  # fmt: skip
    client.force_login(idf)
    assert client.get(f"/relais/prospect/{mine.pk}/").status_code == 404
    assert client.get(f"/relais/prospect/{elsewhere.pk}/").status_code == 200


def test_the_refusal_is_counted_for_the_organiser(client, network, relay):
    item = prospect(network)
    client.force_login(relay)
    response = client.post(
        f"/relais/prospect/{item.pk}/", {"outcome": "refused", "refusal_reason": "", "note": ""}
    )
    assert "Indiquez pourquoi" in response.content.decode()
    client.post(
        f"/relais/prospect/{item.pk}/",
        {"outcome": "refused", "refusal_reason": "production", "note": "Arrêt technique"},
    )

    client.force_login(
        User.objects.create_user("o@example.org", "o@example.org", "pw", role=Role.ORGANISER)
    )
    html = client.get("/organisation/recrutement/").content.decode()
    assert "Contraintes de production</th><td>1</td>" in html
