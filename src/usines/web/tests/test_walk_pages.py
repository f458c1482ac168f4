"""What a visitor reads on pages checked end to end: the widget with no filter, the
labels followed by a value."""

import pytest

from usines.editions.models import Audience
from usines.testsupport import EditionDayFactory, slot_at

pytestmark = pytest.mark.django_db


def test_the_widget_without_a_filter_lists_every_visit(client):
    day = EditionDayFactory(audience=Audience.PUBLIC)
    slot_at(day, "cluses", name="Décolletage de Cluses")
    slot_at(day, "lyon", name="Robinetterie lyonnaise")

    html = client.get("/widget/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "2 factories open their doors" in html
    assert "Décolletage de Cluses" in html and "Robinetterie lyonnaise" in html


def test_a_missing_page_keeps_the_site_layout_and_leads_back_to_the_visits(client):
    response = client.get("/usine/999999/", HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in html
    assert 'href="/"' in html and 'class="site-header"' in html
