"""Free-text search ignores accents and case, in the site and in its visit, on every
database: both sides are normalised in Python (`Site.search_text`, `Visit.search_text`)."""

import pytest

from usines.factories.filters import VisitFilter
from usines.factories.models import Visit
from usines.factories.queries import published_participations
from usines.testsupport import EditionDayFactory, slot_at

pytestmark = pytest.mark.django_db


def describe(slot, title: str, description: str) -> None:
    visit = slot.visit
    visit.title, visit.description = title, description
    visit.save()


@pytest.fixture
def edition():
    day = EditionDayFactory()
    wind = slot_at(
        day, "saint-etienne", name="Atelier Chloé Énergie", products="turbines, éoliennes"
    )
    describe(wind, "Les pales", "Du moule à l'assemblage.")
    reactors = slot_at(day, "lyon", name="Usine du Rhône")
    describe(reactors, "Au cœur des réacteurs", "Contrôle-commande et sûreté.")
    return day.edition


def names(edition, text: str) -> list[str]:
    visits = VisitFilter({"q": text}, queryset=published_participations(edition), edition=edition)
    return [participation.site.name for participation in visits.qs]


@pytest.mark.parametrize("text", ["chloe", "CHLOÉ", "energie", "Énergie", "eoliennes"])
def test_site_names_and_products_are_found_without_their_accents(edition, text):
    assert names(edition, text) == ["Atelier Chloé Énergie"]


@pytest.mark.parametrize("text", ["st etienne", "saint-étienne", "SAINT ETIENNE"])
def test_communes_are_found_however_they_are_typed(edition, text):
    assert names(edition, text) == ["Atelier Chloé Énergie"]


@pytest.mark.parametrize("text", ["reacteurs", "RÉACTEURS", "coeur", "cœur", "surete"])
def test_visit_titles_and_texts_are_found_without_their_accents(edition, text):
    assert names(edition, text) == ["Usine du Rhône"]


def test_a_host_changing_the_title_changes_what_is_found(edition):
    visit = Visit.objects.get(participation__site__name="Usine du Rhône")
    visit.title = "Les éprouvettes"
    visit.save(update_fields=["title"])

    assert names(edition, "eprouvettes") == ["Usine du Rhône"]
    assert names(edition, "reacteurs") == []


def test_every_word_must_match(edition):
    assert names(edition, "energie lyon") == []
    assert names(edition, "rhone reacteurs") == ["Usine du Rhône"]
