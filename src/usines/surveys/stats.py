"""The statistics of the impact figures: pure functions of counts, no database.

Every interval is a 95 % confidence interval.

- A share (`proportion`) carries the Wilson score interval, which stays inside
  [0, 1] and keeps its coverage for small samples and shares near 0 or 1, where the
  textbook p ± 1.96·√(p(1−p)/n) fails.
- The net score on the reference question (`net_score`) is the share answering
  "certainly" or "probably" minus the share answering "probably not" or "certainly
  not", between −1 and +1. Both shares come from the same multinomial sample, so
  the variance of their difference is (p₊ + p₋ − (p₊ − p₋)²) / n; the interval is
  the normal approximation around it, clipped to [−1, 1].
- The shift of a share before → after the visit (`share_shift`) is the difference
  of two proportions taken as independent samples, with Newcombe's hybrid score
  interval (his method 10), built from the two Wilson intervals. The shift of the
  net score (`net_shift`) adds the two variances (normal approximation).
  Treating the before and after answers as independent ignores that many come from
  the same people; as those answers agree more than strangers' would, the intervals
  are wider than a paired analysis would give: they err on the side of caution.

Small cells (`suppressed`): a group with fewer than `min_cell` answers shows no
figure. When a breakdown also shows its total, one hidden group could be found
again as the total minus the others, so the smallest shown groups are hidden too
until at least two groups are hidden and together they hold at least `min_cell`
answers (complementary suppression).
"""

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

Z_95 = 1.959963984540054
MIN_CELL = 10
RECOMMEND_KEYS = ("certainly", "probably", "probably_not", "certainly_not")
POSITIVE = ("certainly", "probably")
NEGATIVE = ("probably_not", "certainly_not")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Estimate:
    """A figure with its 95 % interval and the number of answers it rests on;
    `value`, `low` and `high` are None when there is no answer."""

    value: float | None
    low: float | None
    high: float | None
    n: int


def wilson_interval(count: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of `count` successes out of `total` trials."""
    if total <= 0:
        raise ValueError("no trials")
    if not 0 <= count <= total:
        raise ValueError("count out of range")
    share = count / total
    denominator = 1 + z * z / total
    centre = (share + z * z / (2 * total)) / denominator
    half = z * math.sqrt(share * (1 - share) / total + z * z / (4 * total * total)) / denominator
    low = 0.0 if count == 0 else max(0.0, centre - half)
    high = 1.0 if count == total else min(1.0, centre + half)
    return low, high


def proportion(count: int, total: int) -> Estimate:
    """The share `count / total` with its Wilson interval."""
    if total == 0:
        return Estimate(None, None, None, 0)
    low, high = wilson_interval(count, total)
    return Estimate(count / total, low, high, total)


def distribution(counts: Mapping[str, int], keys: Sequence[str]) -> dict[str, Estimate]:
    """The share of each choice of a single-choice question, in the order of `keys`,
    out of every answer counted (a choice without answers counts 0)."""
    total = sum(counts.values())
    return {key: proportion(counts.get(key, 0), total) for key in keys}


def _net(counts: Mapping[str, int]) -> tuple[float, float, int] | None:
    """The net score and its variance, or None without answers."""
    n = sum(counts.get(key, 0) for key in RECOMMEND_KEYS)
    if n == 0:
        return None
    positive = sum(counts.get(key, 0) for key in POSITIVE) / n
    negative = sum(counts.get(key, 0) for key in NEGATIVE) / n
    score = positive - negative
    return score, (positive + negative - score * score) / n, n


def _bounded(value: float, variance: float, n: int, limit: float) -> Estimate:
    half = Z_95 * math.sqrt(max(variance, 0.0))
    return Estimate(value, max(-limit, value - half), min(limit, value + half), n)


def net_score(counts: Mapping[str, int]) -> Estimate:
    """The net score of the reference question's counts by choice key."""
    net = _net(counts)
    if net is None:
        return Estimate(None, None, None, 0)
    score, variance, n = net
    return _bounded(score, variance, n, 1.0)


def share_shift(before: tuple[int, int], after: tuple[int, int]) -> Estimate:
    """The difference after − before of two shares, each given as (count, total),
    with Newcombe's hybrid score interval; `n` is the number of answers after."""
    (count_1, total_1), (count_2, total_2) = before, after
    if total_1 == 0 or total_2 == 0:
        return Estimate(None, None, None, total_2)
    share_1, share_2 = count_1 / total_1, count_2 / total_2
    low_1, high_1 = wilson_interval(count_1, total_1)
    low_2, high_2 = wilson_interval(count_2, total_2)
    shift = share_2 - share_1
    low = shift - math.sqrt((share_2 - low_2) ** 2 + (high_1 - share_1) ** 2)
    high = shift + math.sqrt((high_2 - share_2) ** 2 + (share_1 - low_1) ** 2)
    return Estimate(shift, low, high, total_2)


def net_shift(before: Mapping[str, int], after: Mapping[str, int]) -> Estimate:
    """The difference after − before of two net scores (independent samples, normal
    approximation, clipped to [−2, 2]); `n` is the number of answers after."""
    net_1, net_2 = _net(before), _net(after)
    if net_1 is None or net_2 is None:
        return Estimate(None, None, None, net_2[2] if net_2 else 0)
    return _bounded(net_2[0] - net_1[0], net_1[1] + net_2[1], net_2[2], 2.0)


def suppressed(cells: Mapping[K, int], min_cell: int = MIN_CELL) -> frozenset[K]:
    """The groups of a breakdown that show no figure: those with fewer than
    `min_cell` answers, then, while the hidden ones are a single group or hold
    fewer than `min_cell` answers together, the smallest shown group as well."""
    hidden = {key for key, n in cells.items() if n < min_cell}
    shown = sorted((key for key in cells if key not in hidden), key=lambda key: cells[key])
    while hidden and shown and (len(hidden) == 1 or sum(cells[k] for k in hidden) < min_cell):
        hidden.add(shown.pop(0))
    return frozenset(hidden)


def suppressed_any(breakdowns: Iterable[Mapping[K, int]], min_cell: int = MIN_CELL) -> frozenset[K]:
    """The groups hidden in any of several counts of the same breakdown (say the
    answers before and after): hiding more groups of a breakdown that is already
    protected keeps it protected."""
    hidden: set[K] = set()
    for cells in breakdowns:
        hidden |= suppressed(cells, min_cell)
    return frozenset(hidden)
