"""The representativeness numbers on a small case computed by hand."""

import pytest

from usines.outreach.representativeness import dissimilarity, gaps, rank, reduction_if_added, shares

# Reference: 50 % food, 30 % metal, 20 % chemicals. Panel of 10: 2 food, 6 metal, 2 chemicals.
REFERENCE = {"food": 500, "metal": 300, "chem": 200}
PANEL = {"food": 2, "metal": 6, "chem": 2}


def test_shares():
    assert shares(PANEL) == {"food": 0.2, "metal": 0.6, "chem": 0.2}
    assert shares({}) == {}


def test_gaps_in_points_most_under_represented_first():
    rows = gaps(PANEL, REFERENCE)
    # food 20 % vs 50 % → −30; chem 20 % vs 20 % → 0; metal 60 % vs 30 % → +30
    assert [(row.key, row.points) for row in rows] == [
        ("food", -30.0),
        ("chem", 0.0),
        ("metal", 30.0),
    ]


def test_index_of_dissimilarity():
    # ½ (|0.2−0.5| + |0.6−0.3| + |0.2−0.2|) = ½ × 0.6 = 0.3
    assert dissimilarity(PANEL, REFERENCE) == pytest.approx(0.3)
    assert dissimilarity(REFERENCE, REFERENCE) == 0
    assert dissimilarity({"a": 1}, {"b": 1}) == pytest.approx(1.0)


def test_one_more_food_factory_closes_the_gap_and_one_more_metal_widens_it():
    # +1 food: 3/11, 6/11, 2/11 → ½(|0.2727−0.5| + |0.5455−0.3| + |0.1818−0.2|) = 0.2455
    assert reduction_if_added(PANEL, REFERENCE, "food") == pytest.approx(0.3 - 0.24545, abs=1e-4)
    assert reduction_if_added(PANEL, REFERENCE, "metal") < 0


def test_prospects_ranked_by_how_much_they_close_the_gaps():
    panels = {"sector": PANEL, "region": {"north": 8, "south": 2}}
    references = {"sector": REFERENCE, "region": {"north": 50, "south": 50}}
    candidates = [
        (1, {"sector": "metal", "region": "north"}),  # widens both gaps
        (2, {"sector": "food", "region": "south"}),  # closes both
        (3, {"sector": "food", "region": "north"}),  # closes one, widens the other
    ]
    assert [candidate for candidate, _score in rank(candidates, panels, references)] == [2, 3, 1]
