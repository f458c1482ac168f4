"""axe-core on every page of every role, in French and in English, on a phone.

One world (matrix_world.py: a published site with public and school slots, a
booking, a waiting list, a host, a confirmed teacher with a class, a prospect, a
national organiser); each role visits each of its pages in both languages. axe-core
(vendored by scripts/vendor_frontend.py, never served) runs the WCAG 2.0 and 2.1 A
and AA rules; every serious or critical violation is reported at once.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from usines.factories.models import Slot
from usines.tests.matrix_world import (
    FRESH,
    HOST_A,
    NATIONAL,
    RELAY_OTHER,
    TEACHER_A,
    build_world,
)

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
LANGUAGES = ("fr", "en")
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}
RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return results.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
}"""


def pages_by_role(world) -> dict[str, list[str]]:
    site = world.site_a.pk
    day = world.public_slot.day_id
    full_slot = Slot.objects.get(visit=world.public_slot.visit, capacity=2).pk
    region = world.site_a.commune.department.region
    booking = world.secrets["booking"]["token"]
    entry = world.secrets["waitlist"]["token"]
    reset = world.secrets["password_reset"]
    class_booking = world.class_booking.pk
    edition = world.public_slot.day.edition_id
    public = [
        "/",
        f"/region/{region.slug}/",
        f"/departement/{world.site_a.commune.department_id}/",
        f"/usine/{site}/",
        f"/creneau/{world.public_slot.pk}/reserver/",
        f"/creneau/{full_slot}/liste-attente/",
        f"/reservation/{booking}/",
        f"/reservation/{booking}/annuler/",
        f"/reservation/{booking}/donnees/",
        f"/reservation/{booking}/supprimer/",
        "/donnees-personnelles/",
        f"/reservation/{booking}/je-viens/",
        f"/reservation/{booking}/je-ne-viens-pas/",
        f"/liste-attente/{entry}/",
        "/donnees/",
        "/widget/",
        "/accounts/login/",
        "/accounts/inscription/",
        "/accounts/inscription/?role=enseignant",
        "/accounts/mot-de-passe/",
        "/accounts/mot-de-passe/envoye/",
        f"/accounts/mot-de-passe/{reset['uidb64']}/{reset['token']}/",
        "/accounts/mot-de-passe/change/",
        f"/enseignant/confirmer/{world.secrets['school_office']['token']}/",
        "/lettre/",
        "/lettre/envoye/",
        f"/lettre/confirmer/{world.secrets['mailinglist']['token']}/",
        f"/lettre/desinscription/{world.secrets['mailinglist']['token']}/",
        "/lettre/desinscription/Wr0ngT0ken/",
        f"/enquete/avant/{booking}/",
        f"/enquete/sortie/{world.secrets['exit_survey']['token']}/",
        f"/enquete/classe/{world.secrets['class_survey']['token']}/",
        f"/tirage/{world.open_ballot.pk}/",
        f"/tirage/{world.ballot.pk}/",
        f"/tirage/inscription/{world.secrets['ballot_entry']['token']}/",
    ]
    return {
        "anonymous": public,
        HOST_A: [
            "/",
            "/hote/",
            "/hote/site/nouveau/",
            f"/hote/site/{site}/",
            f"/hote/site/{site}/visite/",
            f"/hote/site/{site}/modifier/",
            f"/hote/site/{site}/photos/",
            f"/hote/site/{site}/creneaux/",
            f"/hote/creneau/{world.public_slot.pk}/",
            f"/hote/creneau/{world.school_slot.pk}/",
            f"/hote/site/{site}/equipe/",
            f"/hote/site/{site}/presence/",
            f"/hote/site/{site}/accueil/{day}/",
            f"/hote/classe/{world.class_booking.class_group_id}/",
            f"/hote/site/{site}/accueil/{day}/enquete-sortie/",
            f"/hote/site/{site}/avis/",
        ],
        TEACHER_A: [
            "/",
            "/enseignant/",
            f"/enseignant/creneau/{world.school_slot.pk}/",
            f"/enseignant/classe/{class_booking}/",
            f"/enseignant/classe/{class_booking}/enquetes/",
            "/enseignant/visites/?pupils=5&adults=1&radius=100",
            f"/enseignant/tirage/{world.school_ballot.pk}/",
        ],
        FRESH: [
            f"/invitation/{world.secrets['team_invitation']['token']}/",
            f"/enseignant/invitation/{world.secrets['colleague_invitation']['token']}/",
        ],
        RELAY_OTHER: [
            "/",
            "/relais/",
            f"/relais/prospect/{world.prospect.pk}/",
            "/relais/prospect/nouveau/",
            "/relais/importer/",
        ],
        NATIONAL: [
            "/",
            "/organisation/moderation/",
            f"/organisation/moderation/{world.pending_participation.pk}/",
            "/organisation/modifications/",
            "/organisation/enseignants/",
            "/organisation/presence/",
            "/organisation/impact/",
            "/organisation/tableau-de-bord/",
            "/organisation/recrutement/",
            "/organisation/representativite/",
            "/organisation/autocars/",
            "/organisation/autocars/tout-accepter/",
            "/organisation/etablissements/",
            "/organisation/reservations/?q=zoe",
            f"/organisation/reservations/{class_booking}/",
            "/organisation/representativite/import/etablissements/",
            "/organisation/representativite/import/tailles/",
            "/organisation/travaux-planifies/",
            "/organisation/lettre/",
            f"/relais/prospect/{world.prospect.pk}/",
            "/organisation/personnes/",
            "/organisation/personnes/?role=host",
            "/organisation/personnes/?role=relay",
            "/organisation/personnes/inviter-organisateur/",
            "/organisation/personnes/inviter-hote/",
            "/organisation/personnes/inviter-relais/",
            "/organisation/reseaux/",
            f"/organisation/reseaux/{world.network.pk}/",
            "/organisation/prospects/",
            "/organisation/prospects/nouveau/",
            "/organisation/prospects/importer/",
            "/organisation/editions/",
            f"/organisation/editions/{edition}/",
            "/organisation/editions/nouvelle/",
            f"/organisation/editions/{edition}/modifier/",
            f"/organisation/editions/{edition}/phases/",
            f"/organisation/editions/{edition}/objectifs/",
            "/organisation/enquetes/",
            f"/organisation/enquetes/{edition}/public/before/",
            f"/organisation/enquetes/{edition}/public/before/question/",
            f"/organisation/enquetes/{edition}/public/before/question/recommend_industry/",
            "/organisation/enquetes/avis-des-hotes/",
            f"/organisation/editions/{edition}/places-vides/",
            "/organisation/tirages/",
            f"/organisation/tirages/{world.ballot.pk}/",
            f"/organisation/tirages/{world.open_ballot.pk}/",
        ],
    }


def _session_cookie(user, url: str) -> dict:
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    return {"name": name, "value": client.cookies[name].value, "url": url}


def forms_sent_empty(world) -> dict[str, list[str]]:
    """Pages whose form, sent empty, comes back with its errors."""
    return {
        "anonymous": [
            "/accounts/login/",
            "/accounts/inscription/",
            "/accounts/mot-de-passe/",
            f"/creneau/{world.public_slot.pk}/reserver/",
            "/lettre/",
            f"/tirage/{world.open_ballot.pk}/",
        ],
        HOST_A: ["/hote/site/nouveau/"],
        TEACHER_A: [
            f"/enseignant/creneau/{world.school_slot.pk}/",
            "/enseignant/visites/",
            f"/enseignant/tirage/{world.school_ballot.pk}/",
        ],
        NATIONAL: [
            "/organisation/reservations/",
            "/organisation/representativite/import/tailles/",
            "/organisation/personnes/inviter-relais/",
            "/organisation/prospects/nouveau/",
            "/organisation/editions/nouvelle/",
            "/organisation/tirages/",
        ],
    }


def test_no_serious_or_critical_violation_on_any_page(live_server, browser, settings):
    settings.SITE_URL = live_server.url
    world = build_world()
    # The relay canvasses the prospect's department too, so that its pages list it.
    relay = world.users[RELAY_OTHER].relay
    relay.departments.add(world.prospect.commune.department)
    axe = AXE.read_text(encoding="utf-8")
    violations, checked = [], 0

    def check(page, where: str) -> None:
        nonlocal checked
        if page.locator("[data-map-settings], canvas").count():
            # Maps and charts fetch their data: check them once drawn.
            page.wait_for_load_state("networkidle")
        # What folds away is checked too.
        page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
        page.evaluate(axe)
        for violation in page.evaluate(RUN_AXE, RULES):
            if violation["impact"] in BLOCKING:
                violations.append(
                    f"{where}: {violation['id']} ({violation['impact']}) {violation['targets']}"
                )
        checked += 1

    forms = forms_sent_empty(world)
    for role, paths in pages_by_role(world).items():
        for language in LANGUAGES:
            context = browser.new_context(
                viewport={"width": 390, "height": 844},
                locale="fr-FR" if language == "fr" else "en-GB",
                extra_http_headers={"Accept-Language": language},
            )
            if role in world.users:
                context.add_cookies([_session_cookie(world.users[role], live_server.url)])
            page = context.new_page()
            for path in paths:
                where = f"{role} {language} {path}"
                response = page.goto(live_server.url + path)
                assert response.ok, f"{where}: {response.status}"
                assert page.evaluate("document.documentElement.lang") == language, where
                check(page, where)
            for path in forms.get(role, []):
                page.goto(live_server.url + path)
                with page.expect_navigation():
                    page.locator("main form[novalidate]").first.evaluate("f => f.requestSubmit()")
                assert page.locator(".error, .form-errors").count(), f"{path}: no error shown"
                check(page, f"{role} {language} {path} (sent empty)")
            context.close()

    assert checked >= 110
    assert not violations, "\n".join(violations)
