"""The personal data page lists every personal field the platform's models hold."""

import re

import pytest
from django.apps import apps
from django.db import models
from django.utils.html import escape

from usines.privacy import registry

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

# What a field holding a person's data looks like, by its type or its name.
PERSONAL_NAME = re.compile(
    r"(^|_)(email|e_mail|phone|name|first_name|last_name|username|address|note|needs|"
    r"entries|message|detail|born|birth)($|_)"
)
COMPUTED = {"search_name", "search_surname", "search_text"}  # copies of a listed field


def looks_personal(field: models.Field) -> bool:
    if field.name in COMPUTED:
        return False
    return isinstance(field, models.EmailField) or bool(PERSONAL_NAME.search(field.name))


def project_fields():
    for model in apps.get_models():
        if not model.__module__.startswith("usines."):
            continue
        for field in model._meta.concrete_fields:
            yield f"{model._meta.label}.{field.name}", field


def test_every_field_that_looks_personal_is_in_the_registry_or_said_not_to_be():
    listed = registry.registered_fields() | set(registry.NOT_PERSONAL)

    missing = [label for label, field in project_fields() if looks_personal(field)]

    assert [label for label in missing if label not in listed] == []


def test_the_registry_names_only_fields_that_exist():
    labels = {label for label, _field in project_fields()}

    assert registry.registered_fields() <= labels
    assert set(registry.NOT_PERSONAL) <= labels


def test_the_page_shows_each_kind_with_its_fields_read_from_the_models(client, settings):
    settings.PERSONAL_DATA_MONTHS = 7

    html = client.get("/donnees-personnelles/", **EN).content.decode()

    for kind in registry.REGISTRY:
        assert f'id="kind-{kind.key}"' in html
        for name in kind.stored():
            assert escape(name) in html
    assert "7 months after the edition" in html
    assert "Special needs" in html  # ClassGroup.special_needs' verbose name


def test_every_page_links_to_the_personal_data_page_from_its_footer(client, slot):
    for url in ["/", f"/usine/{slot.visit.participation.site_id}/", "/accounts/login/"]:
        footer = client.get(url).content.decode().split('<footer class="site-footer">')[1]
        assert 'href="/donnees-personnelles/"' in footer
