"""axe-core on the "my bookings" pages and the ticket, in French and English on a phone:
no serious or critical WCAG 2.1 A/AA violation."""

import pytest

from usines.bookings import links
from usines.bookings.services import Contact, book_visit, cancel_booking, join_waitlist
from usines.tests.test_accessibility import AXE, BLOCKING, LANGUAGES, RULES, RUN_AXE
from usines.testsupport import SlotFactory

pytestmark = pytest.mark.browser


def test_the_my_bookings_pages_have_no_serious_violation(live_server, browser, slot, settings):
    settings.SITE_URL = live_server.url
    slot.visit.meeting_point = "Accueil principal, bâtiment B"
    slot.visit.save()
    ana = Contact("Ana Lopez", "ana@example.org", "74300")
    booking = book_visit(slot.pk, 2, ana).booking
    cancel_booking(book_visit(slot.pk, 1, ana).booking.token)
    full = SlotFactory(capacity=1, day=slot.day, visit=slot.visit)
    book_visit(full.pk, 1, Contact("Bob", "bob@example.org", "74300"))
    join_waitlist(full.pk, 1, ana)
    axe = AXE.read_text(encoding="utf-8")
    violations = []

    def check(page, where: str) -> None:
        page.evaluate(axe)
        for violation in page.evaluate(RUN_AXE, RULES):
            if violation["impact"] in BLOCKING:
                violations.append(f"{where}: {violation['id']} {violation['targets']}")

    for language in LANGUAGES:
        context = browser.new_context(
            viewport={"width": 390, "height": 844},
            locale="fr-FR" if language == "fr" else "en-GB",
            extra_http_headers={"Accept-Language": language},
        )
        page = context.new_page()
        for path in (
            "/mes-reservations/",
            "/mes-reservations/envoye/",
            "/mes-reservations/lien/expired-or-wrong-link/",
            f"/reservation/{booking.token}/",
        ):
            assert page.goto(live_server.url + path).ok, path
            check(page, f"{language} {path}")
        page.goto(live_server.url + "/mes-reservations/")
        with page.expect_navigation():
            page.locator("main form[novalidate]").evaluate("f => f.requestSubmit()")
        assert page.locator(".error").count()
        check(page, f"{language} /mes-reservations/ (sent empty)")

        token = links.issue_link("ana@example.org").token
        page.goto(f"{live_server.url}/mes-reservations/lien/{token}/")
        check(page, f"{language} the link's page")
        with page.expect_navigation():
            page.locator("main button[type=submit]").click()
        assert page.url.endswith("/mes-reservations/liste/")
        assert page.locator(f"a[href='/reservation/{booking.token}/']").count()
        check(page, f"{language} the list")
        context.close()

    assert not violations, "\n".join(violations)
