"""Recruitment: contacts and their outcomes, the link to a registration, imports,
the reference population and who to canvass next."""

import pytest

from usines.accounts.models import Role, User
from usines.editions.models import Audience
from usines.factories import services as factories
from usines.factories.models import Participation, ParticipationStatus
from usines.outreach import imports, services
from usines.outreach.models import Contact, Prospect, ProspectStatus, ReferenceCount
from usines.reference.models import NafDivision, NafSection
from usines.testsupport import (
    EditionDayFactory,
    EditionFactory,
    NafCodeFactory,
    SlotFactory,
    place_commune,
    prospect,
)

pytestmark = pytest.mark.django_db


def test_contacts_move_the_prospect_and_refusals_need_a_reason(network, relay):
    item = prospect(network)

    services.log_contact(item, relay, ProspectStatus.CONTACTED, note="Rappeler lundi")
    assert item.status == ProspectStatus.CONTACTED and item.owner == relay
    with pytest.raises(services.OutreachError):
        services.log_contact(item, relay, ProspectStatus.REFUSED)
    with pytest.raises(services.OutreachError):
        services.log_contact(item, relay, ProspectStatus.REGISTERED)
    services.log_contact(item, relay, ProspectStatus.REFUSED, "safety", "Assurance")

    assert (item.status, item.refusal_reason) == (ProspectStatus.REFUSED, "safety")
    assert [c.outcome for c in Contact.objects.order_by("pk")] == ["contacted", "refused"]


def test_a_prospect_that_registers_is_linked_by_its_siret(network, relay):
    day = EditionDayFactory(audience=Audience.PUBLIC)
    item = prospect(network, siret="73282932000074", edition=day.edition)
    host = User.objects.create_user("h@example.org", "h@example.org", "pw", role=Role.HOST)

    participation = factories.register_site(
        host,
        day.edition,
        factories.SiteDetails(
            siret="73282932000074", name="Ateliers du Giffre", address="1 rue", postcode="74300",
            commune=place_commune("cluses"), naf=NafCodeFactory(), headcount_band="21",
        ),
    )  # fmt: skip

    item.refresh_from_db()
    assert item.status == ProspectStatus.REGISTERED
    assert item.participation == participation


def test_import_prospects_all_or_nothing(network, relay):
    place_commune("cluses")
    NafCodeFactory()
    edition = EditionFactory()
    header = (
        "entreprise;site;siret;code_commune;code_naf;tranche_effectif;contact;email;telephone\n"
    )
    good = "Forges;Site A;73282932000074;74081;25.62B;21;Mme A;a@example.org;0450000000\n"
    bad = "Forges;Site B;73282932000075;99999;99.99Z;21;;;\n"

    with pytest.raises(imports.OutreachError):
        imports.import_prospects(header + good + bad, edition, network, relay)
    assert not Prospect.objects.exists()

    assert imports.import_prospects(header + good, edition, network, relay) == 1
    assert Prospect.objects.get().sector == "metallurgie"
    with pytest.raises(imports.OutreachError):
        imports.import_prospects("nom;ville\nA;B\n", edition, network, relay)


def test_the_gap_closes_when_an_under_represented_prospect_registers(network, relay):
    """Reference: half food, half metal. Panel: two metal factories. A food prospect
    is the one to canvass; once registered, the sector index falls from 0.5 to 1/6."""
    day = EditionDayFactory(audience=Audience.PUBLIC)
    for _ in range(2):
        SlotFactory(day=day)
    ReferenceCount.objects.create(
        region_id="84", sector="metallurgie", establishments=50, source="t"
    )
    ReferenceCount.objects.create(region_id="84", sector="agroalimentaire", establishments=50,
                                  source="t")  # fmt: skip
    prospect(network, sector="agroalimentaire", company="Chocolaterie")
    metal = prospect(network, sector="metallurgie", company="Décolletage")
    scope = Participation.objects.filter(edition=day.edition)

    ranked = services.canvass_next(scope, Prospect.objects.all())
    assert [item.company for item, _score in ranked] == ["Chocolaterie", "Décolletage"]
    sector = next(c for c in services.compare(scope) if c.dimension == "sector")
    assert sector.index == 0.5

    section = NafSection.objects.get_or_create(code="C", defaults={"label": "Industrie"})[0]
    division = NafDivision.objects.get_or_create(
        code="10", defaults={"label": "Alimentaire", "section": section}
    )[0]
    SlotFactory(day=day, visit__participation__site__naf=NafCodeFactory(
        code="10.82Z", label="Chocolat", division=division))  # fmt: skip

    sector = next(c for c in services.compare(scope) if c.dimension == "sector")
    assert sector.index == pytest.approx(1 / 6, abs=1e-3)
    assert metal.status == ProspectStatus.TO_CONTACT
    assert Participation.objects.filter(status=ParticipationStatus.PUBLISHED).count() == 3
