"""The report's SVG charts: both axes with round steps and dates in the reader's
language, every bar labelled, long labels wrapped rather than cut, text escaped."""

from datetime import date, timedelta

from django.utils import translation

from usines.reports import svg


def test_a_long_label_is_wrapped_on_two_lines_then_shortened():
    assert svg.wrap("Maintenance et installation industrielles", 30) == [
        "Maintenance et installation",
        "industrielles",
    ]
    assert svg.wrap("Chimie", 30) == ["Chimie"]
    long = svg.wrap("un deux trois quatre cinq six sept huit neuf dix onze douze", 12)
    assert len(long) == 2 and long[1].endswith("…") and all(len(line) <= 12 for line in long)


def test_the_scale_goes_by_round_steps_past_the_highest_value():
    assert svg.round_ticks(290) == [0, 100, 200, 300]
    assert svg.round_ticks(400) == [0, 100, 200, 300, 400]
    assert svg.round_ticks(89_706) == [0, 20_000, 40_000, 60_000, 80_000, 100_000]
    assert svg.round_ticks(0) == [0, 1]


def test_every_bar_is_labelled_with_its_value_in_the_language_of_the_page():
    rows = [("Maintenance et installation industrielles", 9592.0), ("Pharmacie", 446.0),
            ("<Chimie & co>", 71.94)]  # fmt: skip

    with translation.override("fr"):
        french = svg.bar_chart(rows, unit="%", decimals=1)
    with translation.override("en"):
        english = svg.bar_chart(rows)

    assert french.count("<rect") == 3
    assert ">Maintenance et installation<" in french and ">industrielles<" in french
    assert "9\u00a0592,0\u00a0%" in french and "71,9\u00a0%" in french
    assert ">9,592<" in english and ">72<" in english
    assert "&lt;Chimie &amp; co&gt;" in english and "<Chimie" not in english


def test_the_line_chart_has_dated_axes_a_legend_and_dashed_comparisons():
    days = [date(2027, 2, 20) + timedelta(days=n) for n in range(15)]
    series = [
        svg.Series("Inscrites", list(range(15))),
        svg.Series("Édition 2026", [None, None, *range(13)], "previous"),
        svg.Series("Objectif (400)", [400] * 15, "target"),
    ]

    with translation.override("fr"):
        chart = svg.line_chart(days, series, y_title="Usines", x_title="Date")

    assert ">20 fév.<" in chart and ">6 mars<" in chart  # first and last day, in French
    assert ">400<" in chart and ">0<" in chart  # the scale
    assert ">Usines<" in chart and ">Date<" in chart  # the axes' titles
    assert chart.count("stroke-dasharray") == 4  # previous and target: line and key
    assert ">Édition 2026<" in chart and ">Objectif (400)<" in chart
    assert svg.line_chart(days[:1], series) == ""  # a single day is no curve
