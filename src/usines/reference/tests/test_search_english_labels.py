"""NAF sections and divisions carry Eurostat's English (NACE Rev. 2) beside Insee's French."""

import csv

import pytest
from django.utils import translation

from usines.reference.loading import DATA_DIR
from usines.testsupport import NafCodeFactory


def test_every_section_and_division_of_the_naf_file_has_an_english_label():
    with (DATA_DIR / "naf.csv").open(encoding="utf-8") as handle:
        french = {(r["level"], r["code"]) for r in csv.DictReader(handle) if r["level"] != "code"}
    with (DATA_DIR / "naf_en.csv").open(encoding="utf-8") as handle:
        english = {(r["level"], r["code"]): r["label_en"] for r in csv.DictReader(handle)}

    assert set(english) == french
    assert all(label.strip() for label in english.values())


@pytest.mark.django_db
def test_naf_labels_read_in_the_page_language():
    code = NafCodeFactory()
    code.division.label_en = "Manufacture of fabricated metal products"

    with translation.override("en"):
        assert code.local_label == "Manufacture of fabricated metal products"
        assert code.division.local_label == "Manufacture of fabricated metal products"
    with translation.override("fr"):
        assert code.local_label == "Mécanique industrielle"
        assert code.division.local_label == "Fabrication de produits métalliques"


@pytest.mark.django_db
def test_a_division_without_english_keeps_its_french_label():
    code = NafCodeFactory()

    with translation.override("en"):
        assert code.local_label == "Mécanique industrielle"
