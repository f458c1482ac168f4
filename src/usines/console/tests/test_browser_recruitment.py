"""Recruitment in a real browser: a relay logs a refusal with its reason, the organiser
sees it counted, sees the sector gap close when a prospect registers, and sees the
newcomer in the cockpit once its figures are refreshed."""

import pytest

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.factories import services as factories
from usines.outreach.models import Network, Prospect, ReferenceCount, Relay
from usines.reference.models import Department, NafDivision, NafSection
from usines.testsupport import (
    EditionDayFactory,
    NafCodeFactory,
    SlotFactory,
    log_in,
    new_page,
    place_commune,
)

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"


def desktop(browser, url: str, username: str):
    return log_in(new_page(browser, width=1280, height=900), url, username, PASSWORD)


def test_refusal_counted_and_gap_closing(live_server, browser):
    day = EditionDayFactory(audience=Audience.PUBLIC)
    SlotFactory(day=day)  # one metalworking factory takes part
    cluses = place_commune("cluses")
    ReferenceCount.objects.create(
        region_id="84", sector="metallurgie", establishments=50, source="t"
    )
    ReferenceCount.objects.create(region_id="84", sector="agroalimentaire", establishments=50,
                                  source="t")  # fmt: skip
    network = Network.objects.create(name="Réseau des anciens")
    relay = User.objects.create_user("relais@example.org", "relais@example.org", PASSWORD,
                                     role=Role.RELAY)  # fmt: skip
    Relay.objects.create(user=relay, network=network).departments.set(
        Department.objects.filter(code="74")
    )
    User.objects.create_user("orga@example.org", "orga@example.org", PASSWORD, role=Role.ORGANISER)
    Prospect.objects.create(edition=day.edition, network=network, company="Forges du Giffre",
                            commune=cluses,
                            sector="metallurgie")  # fmt: skip
    Prospect.objects.create(edition=day.edition, network=network,
                            company="Chocolaterie des Aravis", commune=cluses,
                            sector="agroalimentaire", siret="55210055400013")  # fmt: skip

    page = desktop(browser, live_server.url, "relais@example.org")
    page.get_by_role("link", name="Forges du Giffre").first.click()
    page.get_by_label("Résultat").select_option(label="Refus")
    page.get_by_label("Motif du refus").select_option(label="Contraintes de production")
    page.get_by_label("Commentaire").fill("Arrêt technique en mars")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("Le contact est enregistré.").wait_for()

    organiser = desktop(browser, live_server.url, "orga@example.org")
    organiser.goto(live_server.url + "/organisation/recrutement/")
    row = organiser.locator("#refusals tr", has_text="Contraintes de production")
    assert row.locator("td").inner_text() == "1"
    organiser.goto(live_server.url + "/organisation/representativite/")
    assert organiser.get_by_role("heading", name="Par secteur · indice 0,5").is_visible()
    first = organiser.locator("table.data").last.locator("tbody tr").first
    assert "Chocolaterie des Aravis" in first.inner_text()
    organiser.goto(live_server.url + "/organisation/tableau-de-bord/")
    waiting = organiser.locator(".counters div", has_text="En attente").locator("dd")
    assert waiting.inner_text() == "0"

    # The chocolate maker registers its site: the sector gap closes.
    section = NafSection.objects.get_or_create(code="C", defaults={"label": "Industrie"})[0]
    division = NafDivision.objects.create(code="10", label="Alimentaire", section=section)
    host = User.objects.create_user("h@example.org", "h@example.org", PASSWORD, role=Role.HOST)
    participation = factories.register_site(
        host,
        day.edition,
        factories.SiteDetails(
            siret="55210055400013", name="Chocolaterie des Aravis", address="3 route",
            postcode="74300", commune=cluses,
            naf=NafCodeFactory(code="10.82Z", label="Chocolat", division=division),
            headcount_band="12",
        ),
    )  # fmt: skip
    participation.visit.description = "Le chocolat."
    participation.visit.save()
    factories.submit_participation(participation, host)

    organiser.goto(live_server.url + "/organisation/representativite/")
    assert organiser.get_by_role("heading", name="Par secteur · indice 0,0").is_visible()
    assert Prospect.objects.get(company="Chocolaterie des Aravis").status == "registered"

    # The cockpit shows its kept figures, with their time, until they are refreshed.
    organiser.goto(live_server.url + "/organisation/tableau-de-bord/")
    assert organiser.get_by_text("Chiffres de").is_visible()
    assert waiting.inner_text() == "0"
    organiser.get_by_role("button", name="Actualiser maintenant").click()
    organiser.get_by_text("Chiffres actualisés.").wait_for()
    assert waiting.inner_text() == "1"
