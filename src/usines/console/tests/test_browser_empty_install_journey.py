"""A real edition from an empty install, in a real browser.

The database holds only what an install makes: the migrations, `load_reference` and
the one account `createsuperuser` makes. Everything else is done in the browser by the
people who do it in real life: the technical administrator invites the national
organiser, who sets up the edition, the partner networks, the reference files and the
school directory; a relay logs a prospect, a host registers and publishes a site, a
visitor and a teacher book, the help desk resends a ticket and the cockpit counts it
all. The test writes nothing through the ORM; it reads e-mails from the outbox after
running the task worker, as the real worker would send them.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from usines.testsupport import new_page

pytestmark = pytest.mark.browser
PASSWORD = "un mot de passe solide"
ADMIN, ORGANISER = "admin@example.org", "orga@example.org"
RELAY, HOST, TEACHER = "relais@example.org", "hote@example.org", "prof@example.org"
VISITOR, SCHOOL_OFFICE = "alice@example.org", "ce.0740003b@ac-grenoble.fr"


@pytest.fixture
def empty_install(transactional_db, monkeypatch):
    """What the README's install runs before anyone opens a browser."""
    call_command("load_reference", verbosity=0)
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username=ADMIN, email=ADMIN, verbosity=0)


def deliver(to: str) -> str:
    """Run the task worker once; the body of the last e-mail sent to `to`."""
    call_command("db_worker", batch=True, verbosity=0)
    return [message for message in mail.outbox if message.to == [to]][-1].body


def link_in(body: str, path: str) -> str:
    return re.search(rf"http\S+{path}\S*", body).group(0)


def page_for(browser):
    """A desktop page; a step that does not come within 10 seconds has failed."""
    page = new_page(browser, width=1280, height=900)
    page.set_default_timeout(10_000)
    return page


def pick(select, text: str) -> str:
    """The value of the option of `select` whose label holds `text`."""
    return select.locator("option", has_text=text).get_attribute("value")


def submit(page, control) -> None:
    """Click `control` (once enabled) and wait for the page it leads to."""
    with page.expect_navigation():
        control.click()


def menu(page, name: str) -> None:
    """Follow an entry of the role's menu."""
    submit(page, page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name=name, exact=True
    ))  # fmt: skip


def log_in(page, username: str) -> None:
    """Log in on the log-in page shown."""
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    submit(page, page.locator("main").get_by_role("button", name="Se connecter"))


def sign_up(page, email: str, teacher: bool = False) -> None:
    """Create an account on the sign-up page shown, confirm the address with the
    e-mailed link and log in."""
    if teacher:
        page.get_by_label("Enseignant ou enseignante").check()
    page.get_by_label("Prénom").fill("Camille")
    page.get_by_label("Nom", exact=True).fill(email.split("@")[0].title())
    page.get_by_label("E-mail professionnel").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    create = page.locator("main").get_by_role("button", name="Créer mon compte")
    submit(page, create)
    if page.locator("#proof-status").count():
        # Many sign-ups came from this one address: the browser solves the check (the
        # button is enabled once it has), then the form goes again.
        submit(page, create)
    page.goto(link_in(deliver(email), "/accounts/confirmer/"))
    log_in(page, email)


def accept_invitation(browser, email: str):
    """The invited person opens the e-mailed link, creates an account with a password,
    confirms the address and accepts; returns their page, logged in."""
    link = link_in(deliver(email), "/invitation/")
    page = page_for(browser)
    page.goto(link)
    page.get_by_role("link", name="Créer mon compte").click()
    assert page.get_by_label("E-mail professionnel").input_value() == email
    sign_up(page, email)
    page.wait_for_url(link)  # the confirmed account comes back to its invitation
    page.get_by_role("button", name="Accepter l’invitation").click()
    page.get_by_text("Invitation acceptée").first.wait_for()
    return page


def test_an_edition_from_an_empty_install(empty_install, live_server, browser, settings, tmp_path):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    public_day, school_day = today + timedelta(days=20), today + timedelta(days=21)

    # 1. The technical administrator invites the national organiser.
    admin = page_for(browser)
    admin.goto(live_server.url + "/accounts/login/")
    log_in(admin, ADMIN)
    menu(admin, "Personnes")
    admin.get_by_role("link", name="Inviter un organisateur").click()
    admin.get_by_label("E-mail").fill(ORGANISER)
    admin.get_by_role("button", name="Envoyer l’invitation").click()
    admin.get_by_text(f"Invitation envoyée à {ORGANISER}").wait_for()
    organiser = accept_invitation(browser, ORGANISER)

    # 2. The organiser creates the edition, its days, phases and targets.
    menu(organiser, "Éditions")
    organiser.get_by_role("link", name="Créer une édition").click()
    organiser.locator("#id_name").fill(f"Usines ouvertes {today.year}")
    organiser.locator("#id_year").fill(str(today.year))
    organiser.locator("#id_is_published").check()
    opens = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    closes = f"{public_day - timedelta(days=1)}T18:00"
    organiser.locator("#id_days-0-date").fill(str(public_day))
    organiser.locator("#id_days-0-audience").select_option("public")
    organiser.locator("#id_days-0-bookings_open_at").fill(opens)
    organiser.locator("#id_days-0-bookings_close_at").fill(closes)
    organiser.get_by_role("button", name="Enregistrer").click()
    organiser.wait_for_url(re.compile(r"/organisation/editions/\d+/phases/$"))
    edition_url = organiser.url.removesuffix("phases/")
    phases = {
        "registration": (today - timedelta(days=1), today + timedelta(days=10)),
        "school_bookings": (today - timedelta(days=1), public_day - timedelta(days=1)),
        "public_bookings": (today - timedelta(days=1), public_day - timedelta(days=1)),
        "event": (public_day, school_day),
        "closing": (school_day + timedelta(days=1), school_day + timedelta(days=60)),
    }
    for kind, (first, last) in phases.items():
        organiser.locator(f"#id_{kind}_starts_on").fill(str(first))
        organiser.locator(f"#id_{kind}_ends_on").fill(str(last))
    organiser.get_by_role("button", name="Enregistrer les phases").click()
    organiser.get_by_text("Les phases sont enregistrées.").wait_for()
    organiser.locator("a[href$='/modifier/']").click()
    organiser.locator("#id_days-1-date").fill(str(school_day))
    organiser.locator("#id_days-1-audience").select_option("school")
    organiser.locator("#id_days-1-bookings_open_at").fill(opens)
    organiser.locator("#id_days-1-bookings_close_at").fill(closes)
    organiser.get_by_role("button", name="Enregistrer").click()
    organiser.wait_for_url(edition_url)
    organiser.locator("a[href$='/objectifs/']").click()
    organiser.locator("#id_fr_factories").fill("2")
    organiser.locator("#id_fr_visitors").fill("100")
    organiser.locator("#id_fr_classes").fill("10")
    organiser.locator("#id_84_factories").fill("1")
    organiser.get_by_role("button", name="Enregistrer les objectifs").click()
    organiser.wait_for_url(edition_url)
    assert organiser.locator("#days-title + * tbody tr").count() == 2
    targets = organiser.locator("#targets-title + * tbody tr").all_inner_texts()
    assert len(targets) == 2 and targets[1].startswith("Auvergne-Rhône-Alpes\t1")

    # 3. A partner network, its relay in Haute-Savoie, and the relay's first prospect.
    menu(organiser, "Réseaux partenaires")
    organiser.locator("#id_name").fill("Anciens de l’industrie")
    organiser.get_by_role("button", name="Créer le réseau").click()
    organiser.wait_for_url(re.compile(r"/organisation/reseaux/\d+/$"))
    menu(organiser, "Personnes")
    organiser.get_by_role("link", name="Inviter un relais").click()
    organiser.get_by_label("E-mail").fill(RELAY)
    organiser.locator("input[name=departments][value='74']").check()
    organiser.get_by_role("button", name="Envoyer l’invitation").click()
    organiser.get_by_text(f"Invitation envoyée à {RELAY}").wait_for()
    relay = accept_invitation(browser, RELAY)
    relay.get_by_role("link", name="Ajouter un prospect").click()
    relay.locator("#id_company").fill("Forges du Giffre")
    relay.locator("#id_postcode").fill("74300")
    relay.locator("#id_commune_name").fill("Cluses")
    relay.locator("#id_naf_code").fill("25.62B")
    relay.locator("#id_owner").select_option(pick(relay.locator("#id_owner"), "Camille Relais"))
    relay.locator("#id_follow_up_on").fill(str(today + timedelta(days=7)))
    submit(relay, relay.locator("main form button[type=submit]").last)
    mine = relay.get_by_role("region", name="Tous mes prospects")
    mine.get_by_role("link", name="Forges du Giffre").wait_for()
    menu(organiser, "Prospects")
    row = organiser.locator("tr", has_text="Forges du Giffre")
    with translation.override("fr"):
        follow_up = date_format(today + timedelta(days=7), "j M Y")
    assert "Camille Relais" in row.inner_text() and follow_up in row.inner_text()

    # 4. The reference size bands (preview, then confirm) and the school directory.
    sizes = tmp_path / "tailles.csv"
    sizes.write_text(
        "Tranche d'effectif;Nombre d'établissements\n11;120\n21;30\n42;4\n", encoding="utf-8"
    )
    menu(organiser, "Représentativité")
    organiser.get_by_role("link", name="Importer le tableau des tailles de l’Insee").click()
    organiser.locator("input[type=file]").set_input_files(sizes)
    organiser.get_by_role("button", name="Lire le fichier").click()
    kept = organiser.locator("#preview-title + dl div", has_text="Établissements retenus")
    assert kept.locator("dd").inner_text() == "154"  # the preview: nothing saved yet
    organiser.get_by_role("button", name="Confirmer et remplacer la référence").click()
    organiser.wait_for_url(re.compile(r"/organisation/representativite/$"))
    organiser.get_by_text(re.compile("Référence enregistrée.*154 .*tailles.csv")).wait_for()
    directory = tmp_path / "annuaire.csv"
    directory.write_text(
        "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Adresse_1;"
        "Code_postal;Code_commune;Nom_commune;latitude;longitude;Mail\n"
        "0740003B;Lycée Charles Poncet;Lycée;1 avenue Charles Poncet;74300;74081;Cluses;"
        f"46.06;6.58;{SCHOOL_OFFICE}\n",
        encoding="utf-8",
    )
    menu(organiser, "Annuaire des établissements")
    organiser.locator("input[type=file]").set_input_files(directory)
    organiser.locator("main form button[type=submit]").last.click()
    organiser.get_by_text("1 établissement dans l’annuaire.").wait_for()

    # 5. A host signs up, registers a site; the organiser approves; the host opens slots.
    host = page_for(browser)
    host.goto(live_server.url + "/")
    host.get_by_role("link", name="Ouvrir votre usine").click()
    sign_up(host, HOST)
    host.locator("main").get_by_role("link", name="Inscrire un site").click()
    host.get_by_label("SIRET du site").fill("732 829 320 00074")
    host.get_by_label("Nom du site").fill("Décolletage du Giffre")
    host.get_by_label("Adresse").fill("12 rue des Tourneurs")
    host.get_by_label("Code postal").fill("74300")
    host.get_by_label("Commune").fill("Cluses")
    host.get_by_label("Code d’activité (NAF)").fill("25.62B")
    host.get_by_label("Salariés sur le site").select_option(label="50 à 99 salariés")
    host.get_by_role("button", name="Inscrire le site").click()
    host.get_by_text("Votre site est inscrit.").wait_for()
    host.get_by_label("Ce que montre la visite").fill("Les tours à commande numérique.")
    host.get_by_role("button", name="Enregistrer la visite").click()
    host.get_by_role("button", name="Soumettre pour approbation").click()
    host.get_by_text("Votre visite est soumise").wait_for()
    site_path = re.search(r"/hote/site/\d+/", host.url).group(0)

    menu(organiser, "Modération")
    organiser.get_by_role("link", name="Décolletage du Giffre").click()
    organiser.get_by_label("Approuver").check()
    organiser.get_by_role("button", name="Enregistrer la décision").click()
    organiser.get_by_text("décision enregistrée").wait_for()

    for day in (public_day, school_day):
        host.goto(live_server.url + site_path)
        host.get_by_role("link", name="Ouvrir une journée de créneaux").click()
        host.get_by_label("Jour").select_option(
            pick(host.get_by_label("Jour"), day.strftime("%d/%m/%Y"))
        )
        host.get_by_label("Premier départ").fill("09:00")
        host.get_by_label("Dernier départ").fill("10:30")
        host.get_by_label("Places par créneau").fill("30")
        host.get_by_role("button", name="Ouvrir ces créneaux").click()
        host.get_by_text("3 créneaux ouverts.").wait_for()
    host.get_by_role("button", name="Publier la visite").click()
    host.get_by_text("Votre visite est en ligne").first.wait_for()

    # 6. A visitor books a public slot; a teacher proves their school and books a class.
    visitor = page_for(browser)
    visitor.goto(live_server.url + "/")
    visitor.get_by_role("link", name="Décolletage du Giffre").first.click()
    visitor.get_by_role("link", name=re.compile("^Réserver")).first.click()
    visitor.get_by_label("Nombre de places").fill("2")
    visitor.get_by_label("Votre nom").fill("Alice Martin")
    visitor.get_by_label("E-mail", exact=True).fill(VISITOR)
    visitor.get_by_label("Votre code postal").fill("74300")
    visitor.get_by_label(re.compile("^J’accepte")).check()
    visitor.get_by_role("button", name="Confirmer ma réservation").click()
    visitor.get_by_text("Votre réservation est confirmée.").wait_for()
    assert "/reservation/" in deliver(VISITOR)

    teacher = page_for(browser)
    teacher.goto(live_server.url + "/accounts/login/")
    teacher.get_by_role("link", name="Créer votre compte enseignant").click()
    sign_up(teacher, TEACHER, teacher=True)
    teacher.get_by_label("Votre établissement : son code UAI ou son nom").fill("0740003B")
    submit(teacher, teacher.locator("main form button[type=submit]").last)
    office = page_for(browser)
    office.goto(link_in(deliver(SCHOOL_OFFICE), "/enseignant/confirmer/"))
    office.get_by_role("button", name="Oui, cette personne enseigne ici").click()
    office.get_by_role("status").wait_for()
    teacher.reload()
    teacher.get_by_label("Nombre d’élèves").fill("24")
    teacher.get_by_label("Niveau").select_option("2de")
    teacher.get_by_role("button", name="Trouver des visites").click()
    teacher.get_by_role(
        "link", name=re.compile("^Réserver ce créneau pour ma classe")
    ).first.click()
    teacher.get_by_label("Dont filles").fill("12")
    teacher.locator("input[name=consent]").check()
    teacher.get_by_role("button", name="Réserver pour ma classe").click()
    teacher.wait_for_url(re.compile(r"/enseignant/classe/\d+/$"))

    # 7. The help desk finds the visitor's booking and sends the ticket again.
    assert "Décolletage du Giffre" in deliver(TEACHER)
    sent = [message for message in mail.outbox if message.to == [VISITOR]]
    menu(organiser, "Assistance")
    organiser.locator("#id_q").fill("Alice")
    organiser.locator("main form button[type=submit]").last.click()
    organiser.get_by_role("link", name="Alice Martin").click()
    submit(organiser, organiser.get_by_role("button", name="Envoyer le billet"))
    assert "/reservation/" in deliver(VISITOR)
    assert len([message for message in mail.outbox if message.to == [VISITOR]]) == len(sent) + 1

    # 8. The cockpit shows the site and the bookings.
    menu(organiser, "Tableau de bord")
    organiser.get_by_role("button", name="Actualiser maintenant").click()
    organiser.get_by_text("Chiffres actualisés.").wait_for()
    counters = organiser.locator(".counters")

    def counter(label: str) -> str:
        return counters.locator("div", has_text=label).locator("dd").inner_text()

    assert counter("Usines publiées") == "1"
    assert counter("Places réservées") == "28 / 100"  # 2 visitors, 24 pupils and 2 adults
    assert counter("Classes inscrites") == "1 / 10"
    organiser.locator("#fill-map[data-sites='1']").wait_for()
    organiser.locator("#fill-map path.leaflet-interactive").click()
    popup = organiser.locator("#fill-map .leaflet-popup")
    popup.get_by_text("Décolletage du Giffre").wait_for()
    assert "28 / 180" in popup.inner_text()
