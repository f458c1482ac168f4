"""Changes hosts make to a visit that the organisers already approved: live at once,
so that visitors keep booking, and kept before and after for the organisers to read."""

from django.db import transaction
from django.utils import timezone

from usines.accounts.models import User
from usines.factories.models import (
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
)

LIVE_STATUSES = (ParticipationStatus.APPROVED, ParticipationStatus.PUBLISHED)


def record_public_edit(
    participations: list[Participation], user: User, changes: dict[str, list[str]]
) -> int:
    """A host changed what the public reads of a visit already approved: the change
    is live at once (visitors keep booking), and the organisers see it side by side
    (before, after) in their moderation queue until one of them marks it seen.
    Returns the number of events recorded (none for a draft or no change)."""
    live = [p for p in participations if p.status in LIVE_STATUSES]
    if not changes or not live:
        return 0
    ParticipationEvent.objects.bulk_create(
        ParticipationEvent(
            participation=participation,
            action=ParticipationAction.EDITED,
            actor=user,
            changes=changes,
        )
        for participation in live
    )
    return len(live)


@transaction.atomic
def mark_edit_seen(event: ParticipationEvent, organiser: User) -> bool:
    """An organiser has read an edit; False when another one already had."""
    return bool(
        ParticipationEvent.objects.filter(
            pk=event.pk, action=ParticipationAction.EDITED, reviewed_at__isnull=True
        ).update(reviewed_at=timezone.now(), reviewed_by=organiser)
    )
