import pytest
from django.core.management import call_command

from usines.reference.models import (
    Commune,
    Department,
    NafCode,
    NafDivision,
    NafSection,
    Postcode,
    Region,
)
from usines.reference.text import normalise


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        yield
        for model in (Postcode, Commune, Department, Region, NafCode, NafDivision, NafSection):
            model.objects.all().delete()


@pytest.mark.django_db
def test_cluses_has_its_department_region_and_coordinates(reference):
    cluses = Commune.objects.select_related("department__region").get(
        postcodes__code="74300", name="Cluses"
    )

    assert cluses.insee_code == "74081"
    assert cluses.department.name == "Haute-Savoie"
    assert cluses.department.region.name == "Auvergne-Rhône-Alpes"
    assert cluses.latitude == pytest.approx(46.06, abs=0.05)
    assert cluses.longitude == pytest.approx(6.58, abs=0.05)
    assert cluses.coordinate_precision == "place"


@pytest.mark.django_db
def test_every_region_and_manufacturing_division_is_there(reference):
    assert Region.objects.count() == 18
    assert set(NafDivision.objects.filter(section_id="C").values_list("code", flat=True)) == {
        str(n) for n in range(10, 34)
    }
    assert NafCode.objects.get(code="10.71C").label == "Boulangerie et boulangerie-pâtisserie"


@pytest.mark.django_db
def test_loading_twice_changes_nothing(reference):
    before = (Commune.objects.count(), Postcode.objects.count())

    call_command("load_reference", verbosity=0)

    assert (Commune.objects.count(), Postcode.objects.count()) == before


def test_names_are_matched_without_accents_hyphens_or_abbreviations():
    assert normalise("Saint-Étienne") == normalise("st etienne") == "saint etienne"
    assert normalise("L'Haÿ-les-Roses") == "l hay les roses"


@pytest.mark.django_db
def test_sections_and_divisions_have_english_labels(reference):
    assert not NafSection.objects.filter(label_en="").exists()
    assert not NafDivision.objects.filter(label_en="").exists()
    assert NafDivision.objects.get(code="14").label_en == "Manufacture of wearing apparel"
