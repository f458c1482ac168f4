"""The draw of a ballot: a pure function, with no database, that anyone can re-run.

Rule: random serial dictatorship over ranked choices, with party sizes.

1. Order. Each entry's place in the queue is the SHA-256 of the UTF-8 text
   ``"<seed>:<entry reference>"``, read as a hexadecimal string; entries are sorted
   by it (ascending). With ``priority_first``, entries marked ``priority`` come first
   (each group in its own hash order). The order depends on nothing else: not on the
   time of entry, not on the order the entries are given in.
2. Allocation. Each entry in that order takes its highest-ranked choice whose slot
   still has places for its whole party (a family or a class is one unit, never
   split) and whose time does not overlap a place the entrant already holds
   (``Entry.held``: its other bookings, given by the caller). It takes at most one
   place; an entry none of whose choices fits is a loser, recorded with its
   position, and later joins the waiting lists of its choices in this order.

The seed is fixed before the draw (see ``docs/architecture.md``, "Ballots"): the
platform commits to a random secret by publishing its SHA-256 when the ballot
closes, and the organiser adds a public value typed at the draw; the seed is
``"<secret>|<public value>"``. The log gives every input, so ``rerun_draw`` (or a
few lines of any language) recomputes the same allocation.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One entrant's ranked choices (slot ids, best first) for one party."""

    reference: str
    party_size: int
    choices: tuple[int, ...]
    priority: bool = False
    # Time windows (start, end) the entrant already holds elsewhere, as comparable values
    # (the services give epoch seconds).
    held: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class Place:
    """A slot as the draw sees it: the places still free and its time window."""

    slot_id: int
    free: int
    starts_at: int
    ends_at: int


@dataclass(frozen=True)
class Rules:
    priority_first: bool = False


@dataclass(frozen=True)
class Line:
    """One line of the draw's log: who came when, what they asked, what they got."""

    position: int
    reference: str
    party_size: int
    priority: bool
    choices: tuple[int, ...]
    slot_id: int | None  # the slot won, None for a loser
    rank: int | None  # 1 for the first choice

    @property
    def won(self) -> bool:
        return self.slot_id is not None


@dataclass(frozen=True)
class Result:
    lines: tuple[Line, ...]
    remaining: dict[int, int] = field(default_factory=dict)

    def allocation(self) -> dict[str, int | None]:
        """Entry reference → slot won (None: nothing)."""
        return {line.reference: line.slot_id for line in self.lines}


def order_key(seed: str, reference: str) -> str:
    """An entry's place in the queue: hex SHA-256 of "<seed>:<reference>"."""
    return hashlib.sha256(f"{seed}:{reference}".encode()).hexdigest()


def seed_commitment(secret: str) -> str:
    """What is published at the close: the hex SHA-256 of the platform's secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def combined_seed(secret: str, public_value: str) -> str:
    return f"{secret}|{public_value}"


def _overlaps(window: tuple[int, int], held: Iterable[tuple[int, int]]) -> bool:
    start, end = window
    return any(start < other_end and other_start < end for other_start, other_end in held)


def draw(
    entries: Iterable[Entry], places: Iterable[Place], seed: str, rules: Rules = Rules()
) -> Result:
    """Allocate places by random serial dictatorship (see the module's docstring).

    Guarantees: no slot gets more than its free places; each entry gets at most one
    slot, one of its choices, never overlapping what it already holds; the same
    inputs give the same result. A choice naming no known place is skipped.
    """
    places = list(places)
    free = {place.slot_id: place.free for place in places}
    windows = {place.slot_id: (place.starts_at, place.ends_at) for place in places}
    queue = sorted(
        list(entries),
        key=lambda entry: (
            rules.priority_first and not entry.priority,
            order_key(seed, entry.reference),
            entry.reference,
        ),
    )
    lines = []
    for position, entry in enumerate(queue, start=1):
        won, rank = None, None
        for index, slot_id in enumerate(entry.choices, start=1):
            if free.get(slot_id, 0) < entry.party_size:
                continue
            if _overlaps(windows[slot_id], entry.held):
                continue
            free[slot_id] -= entry.party_size
            won, rank = slot_id, index
            break
        lines.append(
            Line(
                position=position,
                reference=entry.reference,
                party_size=entry.party_size,
                priority=entry.priority,
                choices=tuple(entry.choices),
                slot_id=won,
                rank=rank,
            )
        )
    return Result(lines=tuple(lines), remaining=free)
