"""Percentages and spans of days, written the way the page's language writes them."""

from datetime import date

from django.template import Context, Template
from django.utils import translation


def render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load formats %}" + source).render(Context(context))


def test_a_percentage_has_the_decimal_mark_of_the_language_and_a_no_break_space():
    assert render("{{ rate|percent }}", "fr", rate=71.94) == "71,9\u00a0%"
    assert render("{{ rate|percent }}", "en", rate=71.94) == "71.9\u00a0%"
    assert render("{{ rate|percent }}", "fr", rate=1234.5) == "1\u00a0234,5\u00a0%"
    assert render("{{ rate|percent }}", "fr", rate=71.96) == "72,0\u00a0%"  # rounded, not cut
    assert render("{{ rate|percent }}", "fr", rate=None) == ""


def test_a_span_of_days_names_the_month_once_when_it_can():
    def span(start, end, language="fr"):
        return render("{% date_range start end %}", language, start=start, end=end)

    assert span(date(2027, 3, 1), date(2027, 3, 19)) == "1–19 mars"
    assert span(date(2027, 1, 31), date(2027, 2, 7)) == "31 jan. – 7 fév."
    assert span(date(2026, 7, 31), date(2027, 2, 7)) == "31 juil. 2026 – 7 fév. 2027"
    assert span(date(2027, 3, 19), date(2027, 3, 19)) == "19 mars"
    assert span(date(2027, 3, 1), date(2027, 3, 19), "en") == "1–19 March"
