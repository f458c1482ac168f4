"""The hosts' forms: a SIRET checked with its key, clear errors, the visit's sections."""

import pytest

from usines.hosts.forms import SiteForm, VisitForm
from usines.testsupport import NafCodeFactory, VisitFactory, place_commune

pytestmark = pytest.mark.django_db

# Real SIRETs with a valid Luhn key, and the same with one digit changed.
VALID_SIRETS = ["73282932000074", "55210055400013", "44306184100047"]
INVALID_SIRETS = ["73282932000075", "55210055400014", "1234"]


def site_form(**overrides) -> SiteForm:
    place_commune("cluses")
    NafCodeFactory()
    data = {
        "siret": "732 829 320 00074",
        "name": "Décolletage du Giffre",
        "address": "12 rue des Tourneurs",
        "postcode": "74300",
        "commune": "Cluses (74)",
        "naf": "25.62B – Mécanique industrielle",
        "headcount_band": "21",
    }
    data.update(overrides)
    return SiteForm(data)


@pytest.mark.parametrize("number", VALID_SIRETS)
def test_real_sirets_pass_the_form(number):
    form = site_form(siret=number)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["siret"] == number


@pytest.mark.parametrize("number", INVALID_SIRETS)
def test_wrong_sirets_say_what_is_wrong_and_keep_the_rest(number):
    form = site_form(siret=number)

    assert not form.is_valid()
    assert list(form.errors) == ["siret"]
    assert "Décolletage du Giffre" in str(form["name"])  # what was typed is kept


def test_unknown_commune_and_naf_are_clear_errors():
    form = site_form(commune="Atlantide", naf="99.99X")

    assert not form.is_valid()
    assert "Atlantide" in form.errors["commune"][0]
    assert "99.99X" in form.errors["naf"][0]


def test_the_visit_page_shows_every_field_the_form_takes():
    form = VisitForm(instance=VisitFactory())

    shown = [field.name for _title, fields in form.grouped() for field in fields]

    assert sorted(shown) == sorted(form.fields) and len(shown) == len(set(shown)) == 23
