"""How fair a draw was: the share of entrants who got their first choice, any choice,
or nothing, by group (the region of their first choice, the audience, the type of
school). `fairness.fairness` counts them from a draw's lines; `ballot_figures` counts
the same from the database in one grouped query."""

from django.db.models import Count, Q

from usines.ballots.fairness import FairnessRow
from usines.ballots.models import BallotChoice, BallotStatus
from usines.editions.models import Edition
from usines.reference.models import Region

FIRST_CHOICE_REGION = "slot__visit__participation__site__commune__department__region"


def ballot_figures(
    edition: Edition, region: Region | None = None, by: str = "region"
) -> list[FairnessRow]:
    """The drawn ballots' figures of an edition, grouped `by` "region" (of the first
    choice's site), "audience" or "school" (the type of school of a class's entry),
    within a regional organiser's region (by its first choice) when given."""
    choices = BallotChoice.objects.filter(
        rank=1, entry__ballot__edition=edition, entry__ballot__status=BallotStatus.DRAWN
    )
    if region is not None:
        choices = choices.filter(**{FIRST_CHOICE_REGION: region})
    group = {
        "region": f"{FIRST_CHOICE_REGION}__name",
        "audience": "entry__ballot__audience",
        "school": "entry__school__kind",
    }[by]
    rows = (
        choices.order_by()
        .values(group)
        .annotate(
            entrants=Count("pk"),
            first_choice=Count("pk", filter=Q(entry__won_rank=1)),
            any_choice=Count("pk", filter=Q(entry__won_slot__isnull=False)),
        )
        .order_by(group)
    )
    return [
        FairnessRow(row[group] or "", row["entrants"], row["first_choice"], row["any_choice"])
        for row in rows
    ]
