"""Run a ballot's draw again from its log's inputs and compare with what was drawn.

    manage.py rerun_draw 12              the log kept with ballot 12
    manage.py rerun_draw --log tirage-12.json   a downloaded log, without the database

It also checks that the seed's secret matches the fingerprint published before the
draw. Exits with an error when anything differs.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from usines.ballots.draw import Entry, Place, Rules, combined_seed, draw, seed_commitment
from usines.ballots.models import Ballot


def rerun(log: dict) -> list[str]:
    """What differs between a log and the draw run again from its inputs (none: [])."""
    problems = []
    if seed_commitment(log["seed_secret"]) != log["seed_commitment"]:
        problems.append("the secret does not match the published fingerprint")
    seed = combined_seed(log["seed_secret"], log["public_value"])
    if seed != log["seed"]:
        problems.append("the seed is not the secret and the public value")
    entries = [
        Entry(
            line["reference"],
            line["party_size"],
            tuple(line["choices"]),
            line["priority"],
            tuple(tuple(window) for window in line["held"]),
        )
        for line in log["lines"]
    ]
    places = [
        Place(place["slot"], place["free"], place["starts_at"], place["ends_at"])
        for place in log["places"]
    ]
    result = draw(entries, places, seed, Rules(priority_first=log["priority_first"]))
    for logged, line in zip(log["lines"], result.lines, strict=True):
        again = (line.position, line.reference, line.slot_id, line.rank)
        kept = (logged["position"], logged["reference"], logged["slot"], logged["rank"])
        if again != kept:
            problems.append(f"line {logged['position']}: logged {kept}, drawn again {again}")
    return problems


class Command(BaseCommand):
    help = "Run a ballot's draw again from its log and say whether it gives the same result."

    def add_arguments(self, parser):
        parser.add_argument("ballot", nargs="?", type=int)
        parser.add_argument("--log", help="a downloaded JSON log instead of the database")

    def handle(self, *args, ballot=None, log=None, **options):
        if log:
            try:
                data = json.loads(Path(log).read_text())
            except (OSError, ValueError) as error:
                raise CommandError(f"Cannot read the log: {error}") from error
        else:
            kept = Ballot.objects.filter(pk=ballot).values_list("log", flat=True).first()
            if not kept:
                raise CommandError("No drawn ballot has this id.")
            data = kept
        try:
            problems = rerun(data)
        except (KeyError, TypeError, ValueError) as error:
            raise CommandError(f"The log is incomplete: {error}") from error
        if problems:
            raise CommandError("Different: " + "; ".join(problems[:20]))
        self.stdout.write(f"The same: {len(data['lines'])} entries drawn again, same result.")
