"""Phase snapshots of the representativeness comparison.

The dashboards' figures are in `reports.figures`."""

from django.utils import timezone

from usines.editions.models import Edition
from usines.outreach.services import compare
from usines.reports.models import Snapshot


def take_snapshot(edition: Edition, label: str, participations) -> Snapshot:
    """Keep the representativeness comparison as it stands, e.g. at a phase's end."""
    data = [
        {
            "dimension": item.dimension,
            "index": item.index,
            "gaps": [
                {"key": gap.key, "points": gap.points, "panel": gap.panel} for gap in item.gaps
            ],
        }
        for item in compare(participations)
    ]
    return Snapshot.objects.create(edition=edition, label=label, data=data)


def open_phase_snapshots(edition: Edition, participations) -> list[Snapshot]:
    """Take the snapshot of every phase that has ended and has none yet (run daily)."""
    made = []
    today = timezone.localdate()
    for phase in edition.phases.filter(ends_on__lt=today):
        label = str(phase)
        if not Snapshot.objects.filter(edition=edition, label=label).exists():
            made.append(take_snapshot(edition, label, participations))
    return made
