"""A national ballot's draw: 100 000 entries over 1 000 slots.

Generates a ballot (seeded, so every run draws the same one): slots of 20 to 60
places at ten times of one day, entries of 1 to 6 places with 1 to 3 ranked choices,
demand skewed towards a few popular visits (a Zipf-like law), a quarter of entrants
first-timers holding priority, a tenth already holding a booking at some time of the
day. Times the pure draw (`ballots.draw.draw`), its log as JSON, the draw run again
from the log (what `rerun_draw` does) and the fairness figures by region, and writes
them into docs/performance.md under its own section.

    .venv/bin/python benchmarks/ballot_draw.py [--entries 100000] [--slots 1000]
"""

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from report import cpu_description, write_section  # noqa: E402

from usines.ballots.draw import Entry, Place, Rules, draw  # noqa: E402
from usines.ballots.fairness import fairness  # noqa: E402

HOUR = 3600
REGIONS = 13


def generate(entries: int, slots: int, seed: int = 2027) -> tuple[list[Entry], list[Place]]:
    rng = random.Random(seed)
    places = [
        Place(slot_id, rng.randint(20, 60), (slot_id % 10) * HOUR, (slot_id % 10) * HOUR + 5400)
        for slot_id in range(1, slots + 1)
    ]
    weights = [1 / rank for rank in range(1, slots + 1)]  # a few visits are most wanted
    ids = [place.slot_id for place in places]
    generated = []
    for number in range(entries):
        wanted = rng.choices(ids, weights, k=rng.randint(1, 3))
        choices = tuple(dict.fromkeys(wanted))
        held = ()
        if rng.random() < 0.1:
            start = rng.randrange(10) * HOUR
            held = ((start, start + 5400),)
        generated.append(
            Entry(
                f"E{number:07d}",
                rng.choice((1, 1, 2, 2, 3, 4, 4, 5, 6)),
                choices,
                rng.random() < 0.25,
                held,
            )
        )
    return generated, places


def timed(function, rounds: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--slots", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    entries, places = generate(args.entries, args.slots)
    seed = "0" * 64 + "|12 19 23 31 44"
    rules = Rules(priority_first=True)
    draw_times, result = timed(lambda: draw(entries, places, seed, rules), args.rounds)
    region_of = {place.slot_id: f"R{place.slot_id % REGIONS:02d}" for place in places}
    first_choice = {entry.reference: entry.choices[0] for entry in entries}
    fairness_times, rows = timed(
        lambda: fairness(
            (region_of[first_choice[line.reference]], line.rank) for line in result.lines
        ),
        args.rounds,
    )
    log = [
        {"position": line.position, "reference": line.reference, "choices": list(line.choices)}
        | {"slot": line.slot_id, "rank": line.rank}
        for line in result.lines
    ]
    json_times, text = timed(lambda: json.dumps(log), args.rounds)
    rerun_times, again = timed(lambda: draw(list(reversed(entries)), places, seed, rules), 1)
    assert again == result, "the draw run again must give the same result"

    won = sum(line.won for line in result.lines)
    first = sum(line.rank == 1 for line in result.lines)
    total_places = sum(place.free for place in places)
    given = total_places - sum(result.remaining.values())

    def row(what: str, times: list[float]) -> str:
        return f"| {what} | {statistics.median(times):.0f} | {max(times):.0f} |"

    lines = [
        f"### Ballot draw – {date.today().isoformat()}",
        "",
        f"Machine: {cpu_description()}; {args.entries:,} entries (1 to 6 places, 1 to 3 "
        f"ranked choices, demand skewed towards a few visits, a quarter with priority, a "
        f"tenth holding a booking) over {args.slots:,} slots ({total_places:,} places); "
        f"pure Python, no database, {args.rounds} rounds. Command: "
        "`.venv/bin/python benchmarks/ballot_draw.py`.",
        "",
        "| step | p50 ms | max ms |",
        "| --- | ---: | ---: |",
        row("Draw (random serial dictatorship)", draw_times),
        row(f"Fairness figures by region ({len(rows)} groups)", fairness_times),
        row(f"Log as JSON ({len(text) // 1_000_000} MB)", json_times),
        row("Draw run again from the inputs (same result checked)", rerun_times),
        "",
        f"Result: {won:,} entrants placed ({100 * won / len(entries):.1f} %), "
        f"{first:,} on their first choice ({100 * first / len(entries):.1f} %); "
        f"{given:,} of {total_places:,} places given.",
    ]
    write_section("ballot-draw", lines)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
