"""The next edition's list in the console: counts for every organiser, the
confirmed addresses for national organisers only."""

import re

import pytest

from usines.accounts.models import Role, User
from usines.mailinglist import services
from usines.mailinglist.models import Source
from usines.reference.models import Region
from usines.testsupport import RegionFactory

pytestmark = pytest.mark.django_db


def organiser(region: Region | None = None) -> User:
    username = f"orga-{region.code if region else 'fr'}@example.org"
    return User.objects.create_user(username, username, "pw", role=Role.ORGANISER, region=region)


@pytest.fixture
def subscriptions():
    confirmed = services.request_subscription("reader@example.org", "en", Source.PUBLIC_FORM)
    services.confirm(confirmed.token)
    services.request_subscription("pending@example.org", "fr", Source.BOOKING)
    left = services.request_subscription("left@example.org", "fr", Source.BOOKING)
    services.confirm(left.token)
    services.unsubscribe(left.token)
    return confirmed


def test_an_organiser_sees_the_counts_and_no_address(client, subscriptions):
    client.force_login(organiser(RegionFactory()))

    page = client.get("/organisation/lettre/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert not {"reader@", "pending@", "left@"} & set(re.findall(r"\w+@", page))
    totals = page[page.index('id="mailinglist-totals"') :].split("</table>")[0]
    assert re.findall(r'class="n">(\d+)<', totals) == ["1", "1", "1"]
    by_source = page[page.index('id="mailinglist-by-source"') :].split("</table>")[0]
    assert re.findall(r'class="n">(\d+)<', by_source) == ["1", "0", "1", "0", "1", "0"]
    assert 'id="mailinglist-export"' not in page


def test_a_regional_organiser_cannot_download_the_addresses(client, subscriptions):
    client.force_login(organiser(RegionFactory()))

    assert client.get("/organisation/lettre/abonnes.csv").status_code == 403


def test_a_national_organiser_downloads_the_confirmed_addresses_only(client, subscriptions):
    client.force_login(organiser())

    page = client.get("/organisation/lettre/").content.decode()
    response = client.get("/organisation/lettre/abonnes.csv")

    assert 'id="mailinglist-export"' in page
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("reader@example.org;en;")
    assert lines[1].endswith(f"/lettre/desinscription/{subscriptions.token}/")


def test_nobody_else_reaches_the_list(client, subscriptions):
    client.force_login(User.objects.create_user("host@example.org", "h@example.org", "pw",
                                                role=Role.HOST))  # fmt: skip

    assert client.get("/organisation/lettre/").status_code == 404
    assert client.get("/organisation/lettre/abonnes.csv").status_code == 404
