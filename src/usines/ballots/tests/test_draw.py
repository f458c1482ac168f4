"""The pure draw: hand-checked cases and properties that hold for any ballot."""

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from usines.ballots.draw import Entry, Place, Rules, draw, order_key, seed_commitment
from usines.ballots.fairness import fairness

HOUR = 3600


def place(slot_id: int, free: int, start: int = 0, length: int = HOUR) -> Place:
    return Place(slot_id, free, start, start + length)


def queue(seed: str, references: list[str]) -> list[str]:
    return sorted(references, key=lambda reference: order_key(seed, reference))


def test_order_is_the_documented_sha256_of_seed_and_reference():
    assert order_key("abc|42", "R1") == hashlib.sha256(b"abc|42:R1").hexdigest()
    assert seed_commitment("secret") == hashlib.sha256(b"secret").hexdigest()


def test_each_entrant_in_turn_takes_its_best_choice_with_room_for_its_whole_party():
    seed = "seed"
    first, second, third = queue(seed, ["A", "B", "C"])
    entries = [
        Entry(first, 3, (1, 2)),
        Entry(second, 2, (1, 2)),  # slot 1 has 1 place left: takes its second choice
        Entry(third, 2, (1, 2)),  # both full for a party of 2: loses
    ]
    result = draw(entries, [place(1, 4), place(2, 2, start=5 * HOUR)], seed)
    lines = {line.reference: line for line in result.lines}
    assert (lines[first].slot_id, lines[first].rank, lines[first].position) == (1, 1, 1)
    assert (lines[second].slot_id, lines[second].rank, lines[second].position) == (2, 2, 2)
    assert (lines[third].slot_id, lines[third].rank, lines[third].position) == (None, None, 3)
    assert result.remaining == {1: 1, 2: 0}


def test_a_party_is_never_split_and_a_smaller_one_behind_it_may_still_fit():
    seed = "s"
    big, small = queue(seed, ["BIG", "SMALL"])
    result = draw([Entry(big, 5, (1,)), Entry(small, 2, (1,))], [place(1, 3)], seed)
    assert result.allocation() == {big: None, small: 1}


def test_priority_entrants_are_drawn_before_the_others_when_the_rule_says_so():
    seed = "s"
    first, second = queue(seed, ["X", "Y"])
    entries = [Entry(first, 1, (1,)), Entry(second, 1, (1,), priority=True)]
    assert draw(entries, [place(1, 1)], seed).allocation()[first] == 1
    prioritised = draw(entries, [place(1, 1)], seed, Rules(priority_first=True))
    assert prioritised.allocation() == {second: 1, first: None}


def test_a_choice_overlapping_a_visit_the_entrant_holds_is_skipped():
    held = ((0, 2 * HOUR),)
    entries = [Entry("E", 1, (1, 2), held=held)]
    result = draw(entries, [place(1, 5, start=HOUR), place(2, 5, start=3 * HOUR)], "s")
    assert result.allocation() == {"E": 2}


def test_the_order_of_the_input_does_not_change_the_result():
    entries = [Entry(f"R{n}", 1 + n % 3, (n % 4, (n + 1) % 4)) for n in range(40)]
    places = [place(slot_id, 5, start=slot_id * 2 * HOUR) for slot_id in range(4)]
    assert draw(entries, places, "k").lines == draw(list(reversed(entries)), places, "k").lines


def test_another_seed_gives_another_order():
    entries = [Entry(f"R{n}", 1, (1,)) for n in range(30)]
    first = [line.reference for line in draw(entries, [place(1, 5)], "one").lines]
    other = [line.reference for line in draw(entries, [place(1, 5)], "two").lines]
    assert first != other


# --- Properties ---------------------------------------------------------------

slot_ids = st.integers(min_value=1, max_value=8)
entry_lists = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=6),
        st.lists(slot_ids, min_size=1, max_size=3, unique=True),
        st.booleans(),
        st.lists(st.integers(min_value=0, max_value=20), max_size=2),
    ),
    max_size=60,
)
place_lists = st.lists(st.integers(min_value=0, max_value=12), min_size=8, max_size=8)


def _ballot(raw_entries, frees):
    # Slots 1-8 in pairs of overlapping times; a held window is [h, h+1) hours.
    places = [
        place(slot_id, frees[slot_id - 1], start=(slot_id // 2) * HOUR, length=HOUR)
        for slot_id in range(1, 9)
    ]
    entries = [
        Entry(
            f"E{index}",
            party,
            tuple(choices),
            priority,
            tuple((hour * HOUR // 2, hour * HOUR // 2 + HOUR) for hour in held),
        )
        for index, (party, choices, priority, held) in enumerate(raw_entries)
    ]
    return entries, places


@settings(max_examples=200, deadline=None)
@given(entry_lists, place_lists, st.text(max_size=12), st.booleans())
def test_no_slot_is_ever_given_more_than_its_free_places(raw, frees, seed, priority):
    entries, places = _ballot(raw, frees)
    result = draw(entries, places, seed, Rules(priority))
    given_places = {}
    for line in result.lines:
        if line.won:
            given_places[line.slot_id] = given_places.get(line.slot_id, 0) + line.party_size
    for p in places:
        assert given_places.get(p.slot_id, 0) <= p.free
        assert result.remaining[p.slot_id] == p.free - given_places.get(p.slot_id, 0)


@settings(max_examples=200, deadline=None)
@given(entry_lists, place_lists, st.text(max_size=12))
def test_every_entrant_gets_at_most_one_of_its_choices_never_clashing_with_what_it_holds(
    raw, frees, seed
):
    entries, places = _ballot(raw, frees)
    windows = {p.slot_id: (p.starts_at, p.ends_at) for p in places}
    by_reference = {entry.reference: entry for entry in entries}
    result = draw(entries, places, seed)
    assert sorted(line.reference for line in result.lines) == sorted(by_reference)
    assert [line.position for line in result.lines] == list(range(1, len(entries) + 1))
    for line in result.lines:
        entry = by_reference[line.reference]
        if not line.won:
            continue
        assert line.slot_id == entry.choices[line.rank - 1]
        start, end = windows[line.slot_id]
        assert not any(start < held_end and held_start < end for held_start, held_end in entry.held)


@settings(max_examples=200, deadline=None)
@given(entry_lists, place_lists, st.text(max_size=12))
def test_a_loser_had_no_choice_with_room_at_its_turn(raw, frees, seed):
    """Serial dictatorship: nobody loses while one of its choices could take it."""
    entries, places = _ballot(raw, frees)
    free = {p.slot_id: p.free for p in places}
    windows = {p.slot_id: (p.starts_at, p.ends_at) for p in places}
    by_reference = {entry.reference: entry for entry in entries}
    for line in draw(entries, places, seed).lines:
        entry = by_reference[line.reference]
        usable = [
            slot_id
            for slot_id in entry.choices
            if free[slot_id] >= entry.party_size
            and not any(
                windows[slot_id][0] < held_end and held_start < windows[slot_id][1]
                for held_start, held_end in entry.held
            )
        ]
        assert line.slot_id == (usable[0] if usable else None)
        if line.won:
            free[line.slot_id] -= entry.party_size


@settings(max_examples=100, deadline=None)
@given(entry_lists, place_lists, st.text(max_size=12), st.booleans())
def test_running_the_draw_again_gives_the_same_result(raw, frees, seed, priority):
    entries, places = _ballot(raw, frees)
    assert draw(entries, places, seed, Rules(priority)) == draw(
        list(reversed(entries)), list(reversed(places)), seed, Rules(priority)
    )


def test_fairness_counts_first_choice_any_choice_and_none_by_group():
    rows = fairness([("84", 1), ("84", 2), ("84", None), ("11", None)])
    assert [(r.group, r.entrants, r.first_choice, r.any_choice, r.none) for r in rows] == [
        ("11", 1, 0, 0, 1),
        ("84", 3, 1, 2, 1),
    ]
    assert round(rows[1].first_percent, 1) == 33.3 and rows[0].none_percent == 100.0
