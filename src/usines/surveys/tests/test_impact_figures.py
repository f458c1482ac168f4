"""The impact figures on a small built dataset: counts, shifts, scope and hidden groups."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from usines.bookings.services import Contact, book_visit
from usines.editions.models import Audience
from usines.schools import services as schools
from usines.surveys import services, stats
from usines.surveys.figures import ImpactFigures, shift_rows
from usines.surveys.models import Moment, SurveyAudience
from usines.surveys.tests.impact_support import answer
from usines.testsupport import (
    CommuneFactory,
    DepartmentFactory,
    EditionDayFactory,
    RegionFactory,
    SlotFactory,
    class_details,
)

pytestmark = pytest.mark.django_db

PUBLIC, PUPILS = SurveyAudience.PUBLIC, SurveyAudience.PUPILS
BEFORE, AFTER = Moment.BEFORE, Moment.AFTER
# 20 answers: 20 % "certainly", net score 0; then 50 % "certainly", net score +60.
SCEPTICAL = {"certainly": 4, "probably": 6, "probably_not": 6, "certainly_not": 4}
CONVINCED = {"certainly": 10, "probably": 6, "probably_not": 2, "certainly_not": 2}


@pytest.fixture
def public_slot():
    """A public slot at Cluses (Auvergne-Rhône-Alpes, region 84)."""
    return SlotFactory(day=EditionDayFactory(audience=Audience.PUBLIC), capacity=50)


@pytest.fixture
def paris_slot(public_slot):
    """A public slot of the same edition in Paris (Île-de-France, region 11)."""
    region = RegionFactory(code="11", name="Île-de-France")
    paris = CommuneFactory(
        insee_code="75056", name="Paris", search_name="paris",
        department=DepartmentFactory(code="75", name="Paris", region=region),
    )  # fmt: skip
    return SlotFactory(day=public_slot.day, visit__participation__site__commune=paris)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def row(rows, label):
    return next(r for r in rows if r.label == label)


def test_the_shift_of_the_public_gives_counts_shares_and_intervals(public_slot):
    edition = public_slot.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=public_slot)
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=public_slot)

    public = row(ImpactFigures(edition).shift("audience"), "General public")

    assert (public.before, public.after, public.hidden) == (20, 20, False)
    assert public.certainly_before.value == pytest.approx(20)
    assert public.certainly_after.value == pytest.approx(50)
    assert public.certainly_shift.value == pytest.approx(30)
    expected = stats.share_shift((4, 20), (10, 20))
    assert public.certainly_shift.low == pytest.approx(100 * expected.low)
    assert public.net_before.value == pytest.approx(0)
    assert public.net_after.value == pytest.approx(60)
    assert public.net_shift.value == pytest.approx(60)


def test_a_group_with_too_few_answers_is_hidden_with_its_complement_but_the_total_shows(
    public_slot,
):
    edition = public_slot.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=public_slot)
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=public_slot)
    answer(edition, PUPILS, BEFORE, {"certainly": 2, "probably": 3}, slot=public_slot)
    answer(edition, PUPILS, AFTER, {"certainly": 4, "probably": 1}, slot=public_slot)

    rows = ImpactFigures(edition).shift("audience")

    assert [(r.label, r.hidden) for r in rows] == [
        ("General public", True), ("Pupils", True), ("Total", False),
    ]  # fmt: skip
    assert rows[1].certainly_after.value is None
    assert (rows[2].before, rows[2].after) == (25, 25)


def test_the_minimum_group_size_is_a_setting(public_slot, settings):
    settings.SURVEY_MIN_CELL = 5
    edition = public_slot.day.edition
    answer(edition, PUPILS, BEFORE, {"certainly": 2, "probably": 3}, slot=public_slot)
    answer(edition, PUPILS, AFTER, {"certainly": 4, "probably": 1}, slot=public_slot)

    pupils = row(ImpactFigures(edition).shift("audience"), "Pupils")

    assert not pupils.hidden and pupils.certainly_after.value == pytest.approx(80)


def test_a_regional_view_counts_only_the_answers_of_its_sites(public_slot, paris_slot):
    edition = public_slot.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=public_slot)
    answer(edition, PUBLIC, AFTER, {"certainly": 12}, slot=paris_slot)
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=public_slot)

    by_region = ImpactFigures(edition).shift("region")
    regional = ImpactFigures(edition, paris_slot.visit.participation.site.commune.department.region)

    assert [(r.label, r.before, r.after) for r in by_region] == [
        ("Île-de-France", 0, 12), ("Auvergne-Rhône-Alpes", 20, 20), ("Total", 20, 32),
    ] or [(r.label, r.before, r.after) for r in by_region] == [
        ("Auvergne-Rhône-Alpes", 20, 20), ("Île-de-France", 0, 12), ("Total", 20, 32),
    ]  # fmt: skip
    assert [(r.label, r.after) for r in regional.shift("audience")] == [
        ("General public", 12), ("Total", 12),
    ]  # fmt: skip


def test_a_region_without_answers_before_hides_itself_and_its_complement(public_slot, paris_slot):
    edition = public_slot.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=public_slot)
    answer(edition, PUBLIC, AFTER, {"certainly": 12}, slot=paris_slot)
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=public_slot)

    rows = ImpactFigures(edition).shift("region")

    assert [r.hidden for r in rows] == [True, True, False]


def test_answers_through_a_booking_count_for_the_site_of_its_slot(public_slot):
    edition = public_slot.day.edition
    booking = book_visit(public_slot.pk, 2, Contact("Zoé", "zoe@example.org", "74300")).booking
    answer(edition, PUBLIC, AFTER, {"certainly": 1}, booking=booking)

    rates = ImpactFigures(edition).response_rates()

    assert [(r.audience, r.moment, r.answers, r.expected, r.rate) for r in rates] == [
        ("General public", "Before the visit", 0, 1, 0.0),
        ("General public", "After the visit", 1, 1, 100.0),
        ("Pupils", "Before the visit", 0, 0, None),
        ("Pupils", "After the visit", 0, 0, None),
    ]
    region = public_slot.visit.participation.site.commune.department.region
    assert ImpactFigures(edition, region).response_rates()[1].answers == 1


def test_pupils_answers_are_grouped_by_their_class_share_of_girls_and_level(school_slot, teacher):
    edition = school_slot.day.edition
    few = schools.book_class(school_slot.pk, teacher, class_details(pupils=24, girls=3)).booking
    many = schools.book_class(
        school_slot.pk, teacher, class_details(pupils=24, girls=20, level="bts")
    ).booking
    for booking, level in ((few, "2de"), (many, "bts")):
        answer(edition, PUPILS, BEFORE, SCEPTICAL, booking=booking, class_level=level)
        answer(edition, PUPILS, AFTER, CONVINCED, booking=booking, class_level=level)

    figures = ImpactFigures(edition)

    assert [(r.label, r.before) for r in figures.shift("girls")] == [
        ("Classes with fewer than a third of girls", 20),
        ("Classes with more than two thirds of girls", 20),
        ("Total", 40),
    ]
    assert [(r.label, r.after) for r in figures.shift("level")] == [
        ("2de (year 11)", 20), ("BTS", 20), ("Total", 40),
    ]  # fmt: skip
    assert [(r.answers, r.expected) for r in figures.response_rates()][2:] == [(40, 48), (40, 48)]


def test_the_distribution_of_an_answer_before_and_after(public_slot):
    edition = public_slot.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=public_slot)
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=public_slot)
    answer(edition, PUPILS, AFTER, {"certainly": 3}, slot=public_slot)

    public, pupils = sorted(ImpactFigures(edition).distributions(), key=lambda t: t.audience)

    assert public.text == "Would you recommend working in industry?"
    assert [(c.label, c.before.value, c.after.value) for c in public.choices] == [
        ("certainly", 20, 50), ("probably", 30, 30),
        ("probably_not", 30, 10), ("certainly_not", 20, 10),
    ]  # fmt: skip
    assert pupils.after_hidden and pupils.choices[0].after is None


def test_the_shift_by_region_takes_the_same_queries_whatever_the_number_of_answers(public_slot):
    edition = public_slot.day.edition
    answer(edition, PUBLIC, BEFORE, SCEPTICAL, slot=public_slot)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            for by in ("audience", "region", "sector"):
                ImpactFigures(edition).shift(by)
        return len(captured)

    few = queries()
    answer(edition, PUBLIC, AFTER, CONVINCED, slot=public_slot)
    answer(edition, PUPILS, AFTER, CONVINCED, slot=public_slot)
    assert queries() == few <= 4


def test_rows_follow_the_order_of_labels_and_put_unknown_groups_last():
    counts = {
        None: {BEFORE: {"certainly": 10}, AFTER: {"certainly": 10}},
        "b": {BEFORE: {"probably": 10}, AFTER: {"probably": 10}},
        "a": {BEFORE: {"certainly": 10}, AFTER: {"certainly": 10}},
    }

    rows = shift_rows(counts, [("a", "A"), ("b", "B")], min_cell=10)

    assert [r.label for r in rows] == ["A", "B", "Not known", "Total"]
    assert rows[-1].certainly_before.value == pytest.approx(200 / 3)


def test_answers_to_other_questions_do_not_count_on_the_reference_question(school_slot):
    edition = school_slot.day.edition
    for moment in (BEFORE, AFTER):
        questionnaire = services.current_questionnaire(edition, PUPILS, moment)
        for number in range(10):
            link = services.Link(
                PUPILS, moment, slot=school_slot, respondent_key=f"{moment}{number}"
            )
            values = {
                "recommend_industry": "certainly" if moment == AFTER else "probably_not",
                "interest_industry_job": "maybe",
                "jobs_known": ["welder", "quality"],
            }
            services.submit_response(questionnaire, link, values)

    figures = ImpactFigures(edition)
    pupils = row(figures.shift("audience"), "Pupils")
    interest = next(
        t for t in figures.distributions() if t.text.startswith("Could you see yourself")
    )

    assert (pupils.before, pupils.after) == (10, 10)
    assert pupils.certainly_shift.value == pytest.approx(100)
    assert (interest.before, interest.after) == (10, 10)
    assert [c.after.value for c in interest.choices] == [0, 100, 0, 0]
