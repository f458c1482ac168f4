"""Prospects of an edition: a CSV file checked line by line before anything is written,
one prospect typed in with its owner and follow-up date, the list by follow-up, and
carrying prospects over to the next edition with their status reset."""

from datetime import date
from io import BytesIO

import pytest

from usines.accounts.models import Role, User
from usines.factories.signals import participation_registered
from usines.outreach import imports
from usines.outreach.models import Network, Prospect, ProspectStatus, Relay
from usines.outreach.prospects import carry_over
from usines.reference.models import Department
from usines.testsupport import (
    EditionFactory,
    NafCodeFactory,
    ParticipationFactory,
    place_commune,
    prospect,
)

pytestmark = pytest.mark.django_db

HEADER = "entreprise;site;siret;code_commune;code_naf;tranche_effectif;contact;email;telephone;responsable;relance\n"  # noqa: E501
GOOD = "Forges;Site A;73282932000074;74081;25.62B;21;Mme A;a@example.org;0450;;15/03/2027\n"
SECOND = "Chaudronnerie;;;74081;25.62B;;;;;;\n"
BAD = "Tôlerie;;73282932000075;99999;99.99Z;7;;;;nobody@example.org;demain\n"


@pytest.fixture
def organiser(db):
    return User.objects.create_user("orga@example.org", "orga@example.org", "pw",
                                    role=Role.ORGANISER)  # fmt: skip


@pytest.fixture
def edition(db):
    place_commune("cluses")
    NafCodeFactory()
    return EditionFactory()


def upload(text: str) -> BytesIO:
    file = BytesIO(text.encode())
    file.name = "prospects.csv"
    return file


def test_the_preview_names_what_is_wrong_on_each_line(edition, network, organiser):
    preview = imports.read_prospects(HEADER + GOOD + BAD, edition, network, organiser)

    good, bad = preview.lines
    assert (good.number, good.problems) == (2, [])
    assert good.prospect.follow_up_on == date(2027, 3, 15) and good.prospect.owner == organiser
    assert bad.number == 3
    assert len(bad.problems) == 6  # commune, NAF, SIRET, band, owner, date
    assert not preview.ready
    assert not Prospect.objects.exists()


def test_the_import_page_writes_nothing_until_confirmed(client, edition, network, organiser):
    client.force_login(organiser)
    url = "/organisation/prospects/importer/"

    page = client.post(
        url, {"network": network.pk, "file": upload(HEADER + GOOD + BAD)}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "unknown commune code" in page and "1 line is wrong" in page
    assert 'id="confirm-import"' not in page
    assert not Prospect.objects.exists()

    page = client.post(
        url, {"network": network.pk, "file": upload(HEADER + GOOD + SECOND)}
    ).content.decode()
    assert 'id="confirm-import"' in page
    assert not Prospect.objects.exists()

    digest = client.session["prospect_import"]["digest"]
    assert client.post(url, {"digest": "another file"}).status_code == 302
    assert not Prospect.objects.exists()
    response = client.post(url, {"digest": digest})

    assert response["Location"] == "/organisation/prospects/"
    assert set(Prospect.objects.values_list("company", "edition", "owner")) == {
        ("Forges", edition.pk, organiser.pk),
        ("Chaudronnerie", edition.pk, organiser.pk),
    }
    assert "prospect_import" not in client.session


def test_a_relay_imports_for_its_network_and_territory_only(client, edition, network, relay):
    lyon = "Robinetterie;;;69123;25.62B;;;;;;\n"
    place_commune("lyon")
    client.force_login(relay)

    page = client.post(
        "/relais/importer/",
        {"network": Network.objects.create(name="Autre").pk, "file": upload(HEADER + lyon)},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert 'id="preview"' not in page  # another network's file is not even read

    page = client.post(
        "/relais/importer/", {"network": network.pk, "file": upload(HEADER + lyon)},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()  # fmt: skip
    assert "commune outside your territory" in page
    assert not Prospect.objects.exists()


def test_a_relay_adds_a_prospect_with_an_owner_and_a_follow_up(client, edition, network, relay):
    colleague = User.objects.create_user("c@example.org", "c@example.org", "pw", role=Role.RELAY)
    Relay.objects.create(user=colleague, network=network).departments.set(
        Department.objects.filter(code="74")
    )
    client.force_login(relay)

    response = client.post(
        "/relais/prospect/nouveau/",
        {
            "network": network.pk, "company": "Forges du Giffre", "siret": "",
            "postcode": "74300", "commune_name": "Cluses", "naf_code": "25.62b",
            "owner": colleague.pk, "follow_up_on": "2027-02-01",
        },
    )  # fmt: skip

    assert response.status_code == 302
    item = Prospect.objects.get()
    assert (item.edition, item.owner, item.follow_up_on) == (edition, colleague, date(2027, 2, 1))
    assert item.sector == "metallurgie" and item.status == ProspectStatus.TO_CONTACT


def test_the_organisers_list_puts_the_next_follow_ups_first(client, edition, network, organiser):
    prospect(network, company="Sans date", edition=edition)
    prospect(network, company="Plus tard", edition=edition, follow_up_on=date(2027, 3, 1))
    prospect(network, company="Bientôt", edition=edition, follow_up_on=date(2027, 1, 10),
             owner=organiser)  # fmt: skip
    client.force_login(organiser)

    page = client.get("/organisation/prospects/").content.decode()
    mine = client.get(f"/organisation/prospects/?owner={organiser.pk}").content.decode()

    assert page.index("Bientôt") < page.index("Plus tard") < page.index("Sans date")
    assert "Bientôt" in mine and "Plus tard" not in mine


def test_carrying_over_copies_chosen_prospects_with_their_status_reset(network, relay):
    last_year = EditionFactory(year=2026)
    refused = prospect(network, company="Refus", edition=last_year, status=ProspectStatus.REFUSED,
                       refusal_reason="safety", owner=relay, siret="73282932000074")  # fmt: skip
    prospect(network, company="Pas choisi", edition=last_year)
    next_year = EditionFactory(year=2027)

    assert carry_over(Prospect.objects.filter(pk=refused.pk), next_year) == 1
    assert carry_over(Prospect.objects.filter(pk=refused.pk), next_year) == 0  # already there

    copy = Prospect.objects.get(edition=next_year)
    assert (copy.company, copy.status, copy.refusal_reason, copy.owner) == (
        "Refus", ProspectStatus.TO_CONTACT, "", relay,
    )  # fmt: skip
    refused.refresh_from_db()
    assert refused.status == ProspectStatus.REFUSED  # last year keeps its story


def test_the_carry_over_page_copies_the_ticked_prospects(client, network, organiser):
    last_year = EditionFactory(year=2026)
    ticked = prospect(network, company="Cochée", edition=last_year, status=ProspectStatus.REFUSED)
    prospect(network, company="Pas cochée", edition=last_year)
    next_year = EditionFactory(year=2027)
    client.force_login(organiser)

    page = client.get(f"/organisation/prospects/?edition={last_year.pk}").content.decode()
    assert f'name="prospects" value="{ticked.pk}"' in page
    client.post("/organisation/prospects/reporter/", {"prospects": [ticked.pk]})

    assert list(Prospect.objects.filter(edition=next_year).values_list("company", "status")) == [
        ("Cochée", ProspectStatus.TO_CONTACT)
    ]


def test_a_registration_marks_only_the_prospect_of_its_edition(network):
    old = prospect(network, siret="73282932000074", edition=EditionFactory(year=2026))
    participation = ParticipationFactory(site__siret="73282932000074")
    current = prospect(network, siret="73282932000074", edition=participation.edition)

    participation_registered.send(sender=None, participation=participation)

    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.status, current.status) == (ProspectStatus.TO_CONTACT, ProspectStatus.REGISTERED)
