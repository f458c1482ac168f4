"""The impact statistics on cases computed by hand (and Newcombe's published example)."""

import random

import pytest

from usines.surveys import stats


def close(value, expected, places=4):
    return value == pytest.approx(expected, abs=10**-places)


def test_wilson_interval_of_five_out_of_ten():
    low, high = stats.wilson_interval(5, 10)
    assert close(low, 0.2366) and close(high, 0.7634)


def test_wilson_interval_of_none_out_of_ten_starts_at_zero():
    low, high = stats.wilson_interval(0, 10)
    assert low == 0 and close(high, 0.2775)


def test_wilson_interval_of_all_ten_ends_at_one():
    low, high = stats.wilson_interval(10, 10)
    assert close(low, 0.7225) and high == 1


def test_proportion_without_answers_has_no_figure():
    assert stats.proportion(0, 0) == stats.Estimate(None, None, None, 0)


def test_distribution_gives_each_choice_its_share_in_order_with_absent_choices_at_zero():
    shares = stats.distribution({"probably": 6, "certainly": 4}, stats.RECOMMEND_KEYS)
    assert list(shares) == list(stats.RECOMMEND_KEYS)
    assert shares["certainly"].value == 0.4 and shares["probably"].value == 0.6
    assert shares["certainly_not"].value == 0 and shares["certainly_not"].n == 10
    assert close(shares["certainly_not"].high, 0.2775)


def test_net_score_balanced_answers_is_zero_with_its_multinomial_interval():
    # p+ = p- = 0.5: variance (0.5 + 0.5 - 0) / 100 = 0.01, half-width 1.96 × 0.1
    score = stats.net_score(
        {"certainly": 30, "probably": 20, "probably_not": 30, "certainly_not": 20}
    )
    assert score.value == 0 and score.n == 100
    assert close(score.low, -0.1960) and close(score.high, 0.1960)


def test_net_score_of_sixty_for_and_forty_against():
    # score 0.2, variance (0.6 + 0.4 - 0.04) / 100 = 0.0096, half-width 0.19204
    score = stats.net_score(
        {"certainly": 40, "probably": 20, "probably_not": 20, "certainly_not": 20}
    )
    assert close(score.value, 0.2)
    assert close(score.low, 0.0080) and close(score.high, 0.3920)


def test_net_score_interval_stays_within_minus_one_and_one():
    score = stats.net_score({"certainly": 12})
    assert score.value == 1 and score.high == 1


def test_net_score_without_answers_has_no_figure():
    assert stats.net_score({}).value is None


def test_share_shift_matches_newcombes_published_example():
    # Newcombe (1998), Statistics in Medicine 17:873, method 10: 56/70 − 48/80
    shift = stats.share_shift(before=(48, 80), after=(56, 70))
    assert close(shift.value, 0.2)
    assert close(shift.low, 0.0524) and close(shift.high, 0.3339)
    assert shift.n == 70


def test_share_shift_needs_answers_on_both_sides():
    assert stats.share_shift(before=(0, 0), after=(3, 10)).value is None


def test_net_shift_adds_the_variances_of_both_scores():
    # 0 (variance 0.01) → 0.2 (variance 0.0096): half-width 1.96 × √0.0196 = 0.2744
    before = {"certainly": 30, "probably": 20, "probably_not": 30, "certainly_not": 20}
    after = {"certainly": 40, "probably": 20, "probably_not": 20, "certainly_not": 20}
    shift = stats.net_shift(before, after)
    assert close(shift.value, 0.2)
    assert close(shift.low, -0.0744) and close(shift.high, 0.4744)


def test_a_small_group_is_hidden_with_the_smallest_other_so_it_cannot_be_subtracted():
    assert stats.suppressed({"a": 50, "b": 30, "c": 5}) == {"b", "c"}


def test_two_small_groups_holding_too_few_answers_together_hide_a_third():
    assert stats.suppressed({"a": 50, "b": 30, "c": 3, "d": 4}) == {"b", "c", "d"}


def test_two_small_groups_holding_enough_answers_together_are_enough():
    assert stats.suppressed({"a": 50, "b": 30, "c": 3, "d": 8}) == {"c", "d"}


def test_nothing_is_hidden_when_every_group_has_ten_answers():
    assert stats.suppressed({"a": 10, "b": 30}) == set()


def test_everything_is_hidden_when_the_total_is_too_small():
    assert stats.suppressed({"a": 4, "b": 3}) == {"a", "b"}
    assert stats.suppressed({"a": 5}) == {"a"}


def test_minimum_cell_size_is_a_parameter():
    assert stats.suppressed({"a": 50, "b": 30, "c": 5}, min_cell=5) == set()


def test_groups_hidden_before_or_after_are_hidden_in_both():
    hidden = stats.suppressed_any([{"a": 50, "b": 30, "c": 12}, {"a": 40, "b": 9, "c": 20}])
    assert hidden == {"b", "c"}


def test_no_hidden_group_can_be_recovered_from_the_total_and_the_shown_ones():
    draw = random.Random(17)
    for _ in range(500):
        cells = {key: draw.randint(0, 40) for key in range(draw.randint(1, 8))}
        hidden = stats.suppressed(cells)
        if not hidden or len(hidden) == len(cells):
            continue
        assert len(hidden) >= 2
        assert sum(cells[key] for key in hidden) >= stats.MIN_CELL
        assert all(cells[key] >= stats.MIN_CELL for key in cells if key not in hidden)
