"""The results report and the cockpit write numbers and dates the way their reader's
language does, draw dated and labelled axes, label every bar, and compare the goal
curve with the previous edition at the same number of days before its event."""

import json
import re
from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from pypdf import PdfReader

from usines.accounts.models import Role, User
from usines.editions.models import Phase, PhaseKind, Target, TargetMetric
from usines.factories.models import Participation
from usines.reference.models import SECTOR_DIVISIONS, NafCode, NafDivision, NafSection, Sector
from usines.testsupport import (
    EditionDayFactory,
    EditionFactory,
    ParticipationFactory,
    SlotFactory,
    build_edition_with_history,
    log_in,
    new_page,
)

pytestmark = pytest.mark.django_db

# Django's French month abbreviations (date format "N"), January to December.
FRENCH_MONTHS = ["jan.", "fév.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
                 "nov.", "déc."]  # fmt: skip
# The browser's (Intl) French month abbreviations.
INTL_FRENCH_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.",
                      "oct.", "nov.", "déc.")  # fmt: skip
ENGLISH_ABBREVIATIONS = re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " "})


@pytest.fixture
def edition_with_history():
    """build_edition_with_history, with a target of 120 000 visitors."""
    edition, slots = build_edition_with_history()
    Target.objects.create(edition=edition, metric=TargetMetric.VISITORS, value=120_000)
    return edition, slots


@pytest.fixture
def organiser(client):
    user = User.objects.create_user("o@e.org", "o@e.org", "pw", role=Role.ORGANISER)
    client.force_login(user)
    return user


def report_text(client, language: str) -> str:
    response = client.get("/organisation/bilan.pdf", HTTP_ACCEPT_LANGUAGE=language)
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(BytesIO(response.content)).pages
    return "\n".join(page.extract_text() for page in pages).translate(SPACES)


def with_previous_edition(edition) -> str:
    """An edition a year earlier (its event 364 days before this one's) whose two
    factories registered 31 and 30 days before its event, that is yesterday and
    today at the same distance from this one's; returns its name."""
    event = edition.days.get().date
    previous = EditionFactory(name="Édition précédente", year=edition.year - 1)
    tz = timezone.get_current_timezone()
    held = event - timedelta(days=364)
    EditionDayFactory(
        edition=previous,
        date=held,
        bookings_open_at=datetime.combine(held - timedelta(days=7), time(9), tz),
        bookings_close_at=datetime.combine(held, time(0), tz),
    )
    for days_ago in (1, 0):
        participation = ParticipationFactory(edition=previous)
        registered = timezone.localdate() - timedelta(days=364 + days_ago)
        Participation.objects.filter(pk=participation.pk).update(
            created_at=datetime.combine(registered, time(12), tz)
        )
    return previous.name


def test_the_french_report_writes_french_numbers_and_dates(client, organiser, edition_with_history):
    text = report_text(client, "fr")

    assert "120 000" in text  # the visitors' target, thousands apart
    assert "33,3 %" in text  # the fill rate, with a decimal comma
    assert "33.3" not in text and "120,000" not in text
    today = timezone.localdate()
    assert f"{today.day} {FRENCH_MONTHS[today.month - 1]}" in text  # the chart's date axis
    assert not ENGLISH_ABBREVIATIONS.search(text)


def test_the_english_report_writes_english_numbers(client, organiser, edition_with_history):
    text = report_text(client, "en")

    assert "120,000" in text
    assert "33.3 %" in text
    assert "33,3" not in text


def test_the_report_charts_the_previous_edition_with_a_legend(
    client, organiser, edition_with_history
):
    edition, _slots = edition_with_history
    name = with_previous_edition(edition)

    text = report_text(client, "en")

    assert f"{name}: registered" in text
    assert (
        f"{name}: the factories it had registered at the same number of days before its event"
        in " ".join(text.split())
    )
    assert "Factories registered" in text and "Target (5)" in text  # the other keys


def test_the_cockpit_chart_aligns_the_previous_edition_on_the_days_before_the_event(
    client, organiser, edition_with_history
):
    edition, _slots = edition_with_history
    name = with_previous_edition(edition)

    response = client.get("/organisation/tableau-de-bord/", HTTP_ACCEPT_LANGUAGE="en")

    goal = response.context["charts"]["goal"]
    today = timezone.localdate()
    assert goal["labels"] == [(today - timedelta(days=n)).isoformat() for n in (2, 1, 0)]
    assert (goal["x_title"], goal["y_title"]) == ("Date", "Factories")
    previous = [line for line in goal["datasets"] if line["kind"] == "previous"]
    assert previous == [
        {
            "label": f"{name}: registered",
            "data": [0, 1, 2],  # 31 and 30 days before its event = yesterday and today here
            "kind": "previous",
        }
    ]
    chart_data = re.search(
        r'<script id="chart-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert json.loads(chart_data.group(1))["goal"] == goal  # what charts.js draws


def test_the_cockpit_writes_french_numbers_and_date_ranges(client, organiser, edition_with_history):
    edition, _slots = edition_with_history
    edition.phases.all().delete()
    Phase.objects.create(edition=edition, kind=PhaseKind.REGISTRATION, starts_on=date(2026, 7, 31),
                         ends_on=date(2027, 2, 7))  # fmt: skip
    Phase.objects.create(edition=edition, kind=PhaseKind.PUBLIC_BOOKINGS,
                         starts_on=date(2027, 3, 1), ends_on=date(2027, 3, 19))  # fmt: skip

    html = client.get("/organisation/tableau-de-bord/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "31 juil. 2026 – 7 fév. 2027" in html
    assert "1–19 mars" in html
    assert "120\u00a0000" in html
    assert "33,3\u00a0%" in html
    assert not ENGLISH_ABBREVIATIONS.search(re.sub(r"<[^>]+>", " ", html))


def test_the_cockpit_in_english_writes_english_numbers(client, organiser, edition_with_history):
    html = client.get("/organisation/tableau-de-bord/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "120,000" in html
    assert "33.3\u00a0%" in html


def slots_in_many_sectors(count: int) -> None:
    """`count` published slots, each of a site in a sector of its own."""
    section, _created = NafSection.objects.get_or_create(code="C", defaults={"label": "Industrie"})
    day = EditionDayFactory()
    for sector in list(Sector)[:count]:
        code = SECTOR_DIVISIONS[sector][0]
        division = NafDivision.objects.create(code=code, label=str(sector.label), section=section)
        naf = NafCode.objects.create(code=f"{code}.00Z", label=str(sector.label), division=division)
        SlotFactory(day=day, visit__participation__site__naf=naf)


def test_the_report_labels_every_bar_and_wraps_long_labels(client, organiser):
    slots_in_many_sectors(13)

    text = report_text(client, "fr")

    words = " ".join(text.split())
    for sector in list(Sector)[:13]:
        assert " ".join(str(sector.label).split()) in words  # whole, maybe on two lines


@pytest.mark.browser
def test_the_cockpit_charts_label_every_bar_and_write_french_dates(live_server, browser):
    slots_in_many_sectors(13)
    User.objects.create_user("orga@example.org", "orga@example.org", "pw", role=Role.ORGANISER)
    page = log_in(new_page(browser, width=1280, height=900), live_server.url,
                  "orga@example.org", "pw")  # fmt: skip
    page.goto(live_server.url + "/organisation/tableau-de-bord/")
    page.wait_for_function("Chart.getChart(document.querySelector('[data-chart=sectors]'))")

    sector_ticks = page.evaluate(
        "Chart.getChart(document.querySelector('[data-chart=sectors]')).scales.y.ticks.length"
    )
    date_ticks = page.evaluate(
        "Chart.getChart(document.querySelector('[data-chart=goal]')).scales.x.ticks"
        ".map(tick => tick.label)"
    )

    assert sector_ticks == 13  # every bar has its label
    assert date_ticks
    for label in date_ticks:
        day, month = label.split()
        assert day.isdigit() and month in INTL_FRENCH_MONTHS
