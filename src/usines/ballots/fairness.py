"""How fair a draw was, as pure functions (the benchmark runs them without a database):
the share of entrants who got their first choice, any choice, or nothing, by group."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class FairnessRow:
    group: str
    entrants: int
    first_choice: int
    any_choice: int

    @property
    def none(self) -> int:
        return self.entrants - self.any_choice

    def percent(self, count: int) -> float:
        return 100 * count / self.entrants if self.entrants else 0.0

    @property
    def first_percent(self) -> float:
        return self.percent(self.first_choice)

    @property
    def any_percent(self) -> float:
        return self.percent(self.any_choice)

    @property
    def none_percent(self) -> float:
        return self.percent(self.none)


def fairness(outcomes: Iterable[tuple[str, int | None]]) -> list[FairnessRow]:
    """(group, rank won or None) per entrant → one row per group, by group name."""
    counts: dict[str, list[int]] = {}
    for group, rank in outcomes:
        row = counts.setdefault(group, [0, 0, 0])
        row[0] += 1
        row[1] += rank == 1
        row[2] += rank is not None
    return [FairnessRow(group, *counts[group]) for group in sorted(counts)]
