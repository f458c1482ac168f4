"""The API's rows of sites, as the site list pages them.

Near-me (`near_answer`) is the opening crowd's commonest read, and each visitor's
position is new. Its sites come from the points each process keeps
(`queries.sites_within`); each site's row is read, checked against `SiteSchema` and
written as JSON once, then kept by this process for PUBLIC_READ_SECONDS, as whole
answers are by `middleware.PublicReads`. A row appears in the answers for every
position around its site, so it is read once for all of them (see `kept`).
"""

import json

from django.db.models import Q
from django.http import HttpResponse
from django.utils.translation import get_language
from ninja.responses import NinjaJSONEncoder

from usines.api import kept as kept_rows
from usines.api.schemas import SiteSchema
from usines.editions.models import Edition
from usines.factories.models import Participation
from usines.factories.queries import (
    attach_next_slots,
    published_participations,
    site_record,
    with_slot_figures,
)


def site_row(participation: Participation) -> dict:
    """A site as the API lists it; `places_left` and `next_slot` count the slots the
    filters ask for (rows read through `VisitFilter.qs` and `attach_next_slots`)."""
    slot = participation.next_slot
    return {
        **site_record(participation),
        "minimum_age": participation.visit.minimum_age,
        "jobs": [job.code for job in participation.visit.jobs.all()],
        "accessibility": participation.visit.accessibility,
        "places_left": participation.places_left,
        "next_slot": None
        if slot is None
        else {
            "id": slot.pk,
            "start": slot.starts_at,
            "end": slot.ends_at,
            "audience": slot.audience,
            "available": slot.available,
        },
        "distance_km": _rounded(getattr(participation, "distance_km", None)),
    }


def _rounded(distance: float | None) -> float | None:
    return None if distance is None else round(distance, 1)


class SiteRows:
    """The rows of a filtered search: counted, and read only for the page sliced."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self) -> int:
        return self.queryset.count()

    def __getitem__(self, index):
        rows = attach_next_slots(list(self.queryset[index]))
        return [site_row(participation) for participation in rows]


def near_answer(edition: Edition, found: list[tuple[float, int]], start: int, size: int):
    """The page [start, start + size) of the sites `queries.sites_within` found, nearest
    first, as the site list answers it (`{"items", "count"}`, the rows of `SiteSchema`):
    the page's rows this process keeps, the others read in one go."""
    page = found[start : start + size]
    language = get_language()
    kept = kept_rows.rows if kept_rows.rows is not None else {}
    missing = [pk for _, pk in page if (pk, language) not in kept]
    if missing:
        read = published_participations(edition).filter(pk__in=missing)
        rows = with_slot_figures(read, Q()).prefetch_related("visit__jobs")
        for participation in attach_next_slots(list(rows)):
            row = SiteSchema.model_validate(site_row(participation)).model_dump()
            del row["distance_km"]
            kept[participation.pk, language] = json.dumps(row, cls=NinjaJSONEncoder)[:-1]
    # A site withdrawn since its point was kept is left out rather than shown.
    items = ", ".join(
        f'{kept[pk, language]}, "distance_km": {json.dumps(_rounded(distance))}}}'
        for distance, pk in page
        if (pk, language) in kept
    )
    body = f'{{"items": [{items}], "count": {len(found)}}}'
    return HttpResponse(body, content_type="application/json; charset=utf-8")
