"""An organiser's decision over a selection of participations at once.

Each participation goes through the same service as a decision taken one by one
(`services.approve_participation`, `services.request_changes`), in its own
transaction: one refused (already decided, withdrawn meanwhile) leaves the others
decided, and the outcome says which were done and why the others were not.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from usines.accounts.models import User
from usines.factories import services
from usines.factories.exceptions import HostingError, MessageRequired
from usines.factories.models import Participation, ParticipationAction

DECISIONS = {
    ParticipationAction.APPROVED: services.approve_participation,
    ParticipationAction.CHANGES_REQUESTED: services.request_changes,
}


@dataclass
class Refusal:
    participation: Participation
    reason: str


@dataclass
class BulkOutcome:
    done: list[Participation] = field(default_factory=list)
    refused: list[Refusal] = field(default_factory=list)


def decide_many(
    participations: Iterable[Participation], organiser: User, decision: str, message: str = ""
) -> BulkOutcome:
    """Approve, or ask for changes to, every participation given, each on its own; the
    same message goes to every host. Asking for changes without a message raises
    MessageRequired before anything is written."""
    decide = DECISIONS[decision]
    if decision == ParticipationAction.CHANGES_REQUESTED and not message.strip():
        raise MessageRequired
    outcome = BulkOutcome()
    for participation in participations:
        try:
            decide(participation, organiser, message)
        except HostingError as error:
            outcome.refused.append(Refusal(participation, str(error.message)))
        else:
            outcome.done.append(participation)
    return outcome
