"""The search form in a real headless Chromium: clean URLs, results in view, "near me"."""

import pytest

from usines.testsupport import EditionDayFactory, new_page, slot_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def sites():
    day = EditionDayFactory()
    return {
        "saint-etienne": slot_at(day, "saint-etienne", name="Cycles stéphanois"),
        "cluses": slot_at(day, "cluses", name="Décolletage de Cluses"),
    }


def test_the_form_sends_only_the_filters_set_and_lands_on_the_results(live_server, browser, sites):
    page = new_page(browser)
    page.goto(live_server.url + "/")

    page.get_by_label("Recherche", exact=True).fill("cycles")
    page.get_by_role("button", name="Afficher les visites").click()
    page.wait_for_url("**/?q=cycles#results")

    assert page.evaluate("document.activeElement.id") == "results"
    assert page.get_by_role("link", name="Cycles stéphanois").count() == 1
    assert page.get_by_role("link", name="Décolletage de Cluses").count() == 0


def test_my_location_searches_around_me_and_names_my_commune(live_server, browser, sites):
    page = new_page(
        browser,
        geolocation={"latitude": 45.4397, "longitude": 4.3872},
        permissions=["geolocation"],
    )
    page.goto(live_server.url + "/")

    page.get_by_role("button", name="Utiliser ma position").click()
    page.wait_for_url("**/?near=45.4397%2C4.3872&radius=50#results")

    assert page.get_by_label("Près de (code postal ou commune)").input_value() == (
        "Saint-Étienne (42)"
    )
    assert page.get_by_role("link", name="Cycles stéphanois").count() == 1
    assert page.get_by_role("link", name="Décolletage de Cluses").count() == 0
