"""Every public map in a real Chromium (Playwright over /usr/bin/chromium), drawn without
a basemap as in any offline install and with the static files named as production names
them (hashed): nothing fails to load, nothing leaves the machine, markers show their
images and names, and each map shows what it is about."""

import mimetypes

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.testsupport import (
    EditionDayFactory,
    build_edition_with_history,
    log_in,
    new_page,
    slot_at,
)

pytestmark = pytest.mark.browser


HASHED = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}


@pytest.fixture(scope="module")
def hashed_static(tmp_path_factory):
    """The static files collected as in production: hashed names, style sheets that
    point at the hashed images (where Leaflet's own guess of its images' folder fails)."""
    root = tmp_path_factory.mktemp("static")
    storages = {**django_settings.STORAGES, "staticfiles": HASHED}
    with override_settings(STATIC_ROOT=root, STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
    return root


@pytest.fixture
def production_static(settings, hashed_static):
    settings.STATIC_ROOT = hashed_static
    settings.STORAGES = {**settings.STORAGES, "staticfiles": HASHED}
    return hashed_static


@pytest.fixture
def sites(db, settings):
    settings.MAP_BASEMAP = "none"
    day = EditionDayFactory(audience=Audience.PUBLIC)
    slot = slot_at(day, "cluses", name="Décolletage de Cluses")
    slot_at(day, "annecy", name="Lunetterie d'Annecy")
    slot_at(day, "lyon", name="Soierie lyonnaise")
    return slot.visit.participation.site


def watch(page, origin: str, static_root) -> list[str]:
    """Every request that failed, answered an error or went to another host. The
    collected static files are served as a production server would."""
    problems: list[str] = []

    def only_this_server(route):
        url = route.request.url
        if not url.startswith(origin):
            problems.append(f"left the machine: {url}")
            route.abort()
        elif url.startswith(f"{origin}/static/"):
            path = static_root / url.removeprefix(f"{origin}/static/").split("?")[0]
            if path.is_file():
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
            else:
                route.fulfill(status=404)
        else:
            route.continue_()

    page.route("**/*", only_this_server)
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            response.status >= 400 and problems.append(f"{response.status}: {response.url}")
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    return problems


def open_map(page, url: str):
    page.goto(url)
    page.locator("[data-map-settings] .leaflet-control-zoom-in").wait_for()
    page.wait_for_load_state("networkidle")
    return page.locator("[data-map-settings]")


@pytest.fixture
def watched_page(live_server, browser, production_static):
    """A French phone's page whose every problem is listed in `page.problems`."""

    def opener(**options):
        page = new_page(browser, **options)
        page.problems = watch(page, live_server.url, production_static)
        return page

    return opener


def test_every_public_map_loads_without_a_failed_request(live_server, watched_page, sites):
    page = watched_page()
    pages = [
        "/",
        "/?near=Annecy",
        f"/usine/{sites.pk}/",
        f"/region/{sites.commune.department.region.slug}/",
        "/widget/?department=74",
        "/widget/?region=84",
    ]

    for path in pages:
        open_map(page, live_server.url + path)

    assert page.problems == []


def test_markers_show_their_image_and_the_site_name(live_server, watched_page, sites):
    page = watched_page()

    open_map(page, f"{live_server.url}/usine/{sites.pk}/")

    marker = page.locator("#site-map img.leaflet-marker-icon")
    assert marker.get_attribute("alt") == "Décolletage de Cluses"
    assert marker.evaluate("image => image.complete && image.naturalWidth > 0")
    assert "/static/vendor/leaflet/images/marker-icon." in marker.get_attribute("src")
    assert page.problems == []


def test_the_zoom_buttons_and_the_popup_speak_the_pages_language(live_server, watched_page, sites):
    page = watched_page()  # a French browser

    container = open_map(page, f"{live_server.url}/widget/?department=74")

    labels = page.evaluate("JSON.parse(document.getElementById('map-settings').textContent).labels")
    zoom_in = container.locator(".leaflet-control-zoom-in")
    zoom_out = container.locator(".leaflet-control-zoom-out")
    assert zoom_in.get_attribute("title") == zoom_in.get_attribute("aria-label")
    assert zoom_in.get_attribute("title") == labels["zoom_in"]
    assert zoom_out.get_attribute("title") == labels["zoom_out"]
    container.locator("img.leaflet-marker-icon").first.click()
    close = page.locator(".leaflet-popup-close-button")
    assert close.get_attribute("aria-label") == labels["close"] == "Fermer"


def test_an_offline_map_names_the_towns_and_pins_the_searched_place(
    live_server, watched_page, sites
):
    page = watched_page()

    container = open_map(page, f"{live_server.url}/?near=Annecy")

    assert container.locator(".map-place-pin [aria-label='Annecy (74)']").count() == 1
    assert container.locator(".map-town", has_text="Annecy").count() == 1


def test_the_widget_shows_its_department_not_all_of_france(live_server, watched_page, sites):
    page = watched_page()

    container = open_map(page, f"{live_server.url}/widget/?department=74")

    assert container.locator(".map-town", has_text="Annecy").count() == 1
    assert container.locator(".map-town", has_text="Paris").count() == 0


def test_the_fill_map_colours_a_group_of_sites_by_their_overall_fill(
    live_server, watched_page, settings
):
    settings.MAP_BASEMAP = "none"
    # Three sites of 10 places at one spot, 4, 6 and 0 places booked: 10 of 30.
    build_edition_with_history()
    User.objects.create_user("orga", "orga@example.org", "pw", role=Role.ORGANISER)
    page = watched_page(width=1280, height=800)

    log_in(page, live_server.url, "orga", "pw")
    container = open_map(page, f"{live_server.url}/organisation/tableau-de-bord/")

    cluster = container.locator(".fill-cluster")
    assert cluster.inner_text() == "33\u00a0%"
    assert "fill-low" in cluster.get_attribute("class")
    assert page.problems == []
