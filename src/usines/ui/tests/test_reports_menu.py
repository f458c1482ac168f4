"""Each role's menu under the header: the pages of that role, none of another's, the
page shown marked current; on a phone a Menu button opens and closes it."""

import re

import pytest

from usines.accounts.models import Role, User
from usines.testsupport import EditionDayFactory, log_in, new_page

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/mes-reservations/", "/donnees/"]
HOST_PAGES = ["/hote/", "/hote/site/nouveau/"]
TEACHER_PAGES = ["/enseignant/", "/enseignant/visites/"]
RELAY_PAGES = ["/relais/"]
ORGANISER_PAGES = [
    "/organisation/moderation/",
    "/organisation/modifications/",
    "/organisation/enseignants/",
    "/organisation/tableau-de-bord/",
    "/organisation/presence/",
    "/organisation/impact/",
    "/organisation/recrutement/",
    "/organisation/representativite/",
    "/organisation/autocars/",
    "/organisation/etablissements/",
    "/organisation/reservations/",
    "/organisation/tirages/",
    "/organisation/travaux-planifies/",
    "/organisation/enquetes/",
    "/organisation/prospects/",
    "/organisation/reseaux/",
    "/organisation/personnes/",
    "/organisation/lettre/",
    "/organisation/editions/",
]
EVERY_ROLE_PAGE = {
    "public": PUBLIC_PAGES,
    "host": HOST_PAGES,
    "teacher": TEACHER_PAGES,
    "relay": RELAY_PAGES,
    "organiser": ORGANISER_PAGES,
}


@pytest.fixture(autouse=True)
def edition():
    return EditionDayFactory().edition


def menu(response) -> list[tuple[str, bool]]:
    """The menu's links as (address, marked as the current page), in order."""
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r'<nav class="site-nav"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "no menu on the page"
    return [
        (href, "aria-current" in rest)
        for href, rest in re.findall(r'<a href="([^"]+)"([^>]*)>', found.group(1))
    ]


def assert_menu_of(role: str, links: list[tuple[str, bool]], shown: str) -> None:
    addresses = [href for href, _current in links]
    assert addresses == EVERY_ROLE_PAGE[role]
    others = {page for other, pages in EVERY_ROLE_PAGE.items() if other != role for page in pages}
    assert not others & set(addresses)
    assert [href for href, current in links if current] == [shown]


def user(role: str, **fields) -> User:
    return User.objects.create_user(f"{role}@example.org", f"{role}@example.org", "pw",
                                    role=role, **fields)  # fmt: skip


def test_someone_not_logged_in_has_the_public_menu(client):
    assert_menu_of("public", menu(client.get("/donnees/")), "/donnees/")


def test_the_steps_after_a_menu_page_mark_its_item(client):
    links = menu(client.get("/mes-reservations/envoye/"))

    assert [href for href, current in links if current] == ["/mes-reservations/"]


def test_a_visitor_with_an_account_has_the_public_menu(client):
    client.force_login(user(Role.VISITOR))

    assert_menu_of("public", menu(client.get("/")), "/")


def test_a_host_has_its_sites_and_the_registration_of_a_site(client):
    client.force_login(user(Role.HOST))

    assert_menu_of("host", menu(client.get("/hote/site/nouveau/")), "/hote/site/nouveau/")


def test_a_teacher_has_its_classes(client, teacher):
    client.force_login(teacher)

    assert_menu_of("teacher", menu(client.get("/enseignant/")), "/enseignant/")


def test_a_relay_has_its_prospects(client, relay):
    client.force_login(relay)

    assert_menu_of("relay", menu(client.get("/relais/")), "/relais/")


def test_an_organiser_has_every_organiser_page(client):
    client.force_login(user(Role.ORGANISER))

    links = menu(client.get("/organisation/tableau-de-bord/"))

    assert_menu_of("organiser", links, "/organisation/tableau-de-bord/")
    for page in ORGANISER_PAGES:  # every page of the menu opens for the organiser
        assert client.get(page).status_code == 200


def test_a_superuser_has_the_organisers_menu(client):
    client.force_login(User.objects.create_superuser("admin@example.org", "a@example.org", "pw"))

    assert_menu_of("organiser", menu(client.get("/organisation/moderation/")),
                   "/organisation/moderation/")  # fmt: skip


def test_a_page_outside_the_menu_marks_none_current(client):
    client.force_login(user(Role.ORGANISER))

    links = menu(client.get("/organisation/tableau-de-bord/", {"region": "nowhere"}))
    assert any(current for _href, current in links)  # same page, with a query: still current
    links = menu(client.get("/donnees/"))  # an organiser on a public page
    assert [href for href, _current in links] == ORGANISER_PAGES
    assert not any(current for _href, current in links)


@pytest.mark.browser
def test_on_a_phone_the_menu_opens_and_closes_from_the_keyboard(live_server, browser):
    User.objects.create_user("orga@example.org", "orga@example.org", "pw", role=Role.ORGANISER)
    page = log_in(new_page(browser), live_server.url, "orga@example.org", "pw")
    page.goto(live_server.url + "/organisation/moderation/")
    toggle = page.locator(".site-nav-toggle")
    cockpit = page.locator("#site-menu a[href='/organisation/tableau-de-bord/']")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert not cockpit.is_visible()

    toggle.focus()
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true" and cockpit.is_visible()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('aria-current')") == "page"

    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false" and not cockpit.is_visible()
    assert page.evaluate("document.activeElement.className") == "site-nav-toggle"


@pytest.mark.browser
def test_on_a_wide_screen_the_menu_is_always_shown(live_server, browser):
    User.objects.create_user("host@example.org", "host@example.org", "pw", role=Role.HOST)
    page = log_in(new_page(browser, width=1280, height=800), live_server.url,
                  "host@example.org", "pw")  # fmt: skip
    page.goto(live_server.url + "/hote/")

    assert not page.locator(".site-nav-toggle").is_visible()
    assert page.locator("#site-menu a[href='/hote/site/nouveau/']").is_visible()
