"""What the retention purge does to ballots: the entries of past editions lose the
name, e-mail address and postcode they were entered under; their choices, party
sizes, draw positions and results stay, so the fairness figures read the same."""

from usines.ballots.models import BallotEntry


def forget_editions(edition_ids: list[int]) -> int:
    """Clear the personal fields of every entry of these editions' ballots (those not
    cleared yet); returns how many were."""
    return (
        BallotEntry.objects.filter(ballot__edition_id__in=edition_ids)
        .exclude(email="")
        .update(name="", email="", postcode="", idempotency_key=None)
    )
