"""How far the panel of participating factories is from the industry it stands for.

Pure functions on counts, so that every number can be checked by hand:

- the share of each cell (a region, a sector group or a size band) in the panel and
  in the reference population;
- the gap of each cell in points (panel share minus reference share): negative
  means under-represented;
- the index of dissimilarity, half the sum of the absolute share differences: the
  share of the panel that would have to move cells to match the reference (0 is a
  perfect match, 1 no overlap);
- for a prospect, how much its joining would lower that index, summed over the
  dimensions: the order in which to canvass.
"""

from dataclasses import dataclass


def shares(counts: dict[str, int]) -> dict[str, float]:
    total = sum(counts.values())
    return {key: (value / total if total else 0.0) for key, value in counts.items()}


def dissimilarity(panel: dict[str, int], reference: dict[str, int]) -> float:
    p, q = shares(panel), shares(reference)
    return 0.5 * sum(abs(p.get(key, 0.0) - q.get(key, 0.0)) for key in set(p) | set(q))


@dataclass(frozen=True)
class Gap:
    key: str
    panel: int
    panel_share: float
    reference_share: float

    @property
    def points(self) -> float:
        """Panel share minus reference share, in percentage points."""
        return round(100 * (self.panel_share - self.reference_share), 1)


def gaps(panel: dict[str, int], reference: dict[str, int]) -> list[Gap]:
    """Every cell of the reference, most under-represented first."""
    p, q = shares(panel), shares(reference)
    rows = [Gap(key, panel.get(key, 0), p.get(key, 0.0), q[key]) for key in reference]
    return sorted(rows, key=lambda gap: (gap.points, gap.key))


def reduction_if_added(panel: dict[str, int], reference: dict[str, int], key: str) -> float:
    """How much one more participant in `key` lowers the index of dissimilarity."""
    after = dict(panel)
    after[key] = after.get(key, 0) + 1
    return dissimilarity(panel, reference) - dissimilarity(after, reference)


def rank(
    candidates: list[tuple[int, dict[str, str]]],
    panels: dict[str, dict[str, int]],
    references: dict[str, dict[str, int]],
) -> list[tuple[int, float]]:
    """Candidates (id, {dimension: cell}) by the total reduction their joining brings,
    best first; dimensions without a reference are left out."""
    scored = []
    for candidate_id, cells in candidates:
        score = sum(
            reduction_if_added(panels[dimension], references[dimension], cell)
            for dimension, cell in cells.items()
            if references.get(dimension) and cell
        )
        scored.append((candidate_id, score))
    return sorted(scored, key=lambda item: (-item[1], item[0]))
