"""The organisers' recruitment pages: conversion of the relays' prospects, and the panel
against the reference population with who to canvass next."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from usines.console.reference_views import TITLES, dimension_labels
from usines.editions.models import Edition
from usines.factories.scope import is_organiser, moderated_by
from usines.outreach import references, services
from usines.outreach.models import ProspectStatus, RefusalReason
from usines.outreach.prospects import recruiting_edition
from usines.outreach.scope import prospects_for


@login_required
def recruitment(request: HttpRequest) -> HttpResponse:
    """Conversion by network and by department, and the refusals with their reasons, for
    the edition being recruited for."""
    if not is_organiser(request.user):
        raise Http404
    edition = recruiting_edition()
    scope = prospects_for(request.user).filter(edition=edition)
    by_status = {value: Count("pk", filter=Q(status=value)) for value in ProspectStatus.values}
    networks = (
        scope.values("network_id", "network__name")
        .annotate(total=Count("pk"), **by_status)
        .order_by("network__name")
    )
    departments = (
        scope.values("commune__department_id", "commune__department__name")
        .annotate(total=Count("pk"), **by_status)
        .order_by("commune__department_id")
    )
    reasons = dict(
        scope.filter(status=ProspectStatus.REFUSED)
        .values_list("refusal_reason")
        .annotate(n=Count("pk"))
        .values_list("refusal_reason", "n")
    )
    return render(
        request,
        "console/recruitment.html",
        {
            "edition": edition,
            "networks": networks,
            "widget": settings.SITE_URL + reverse("web:widget"),
            "departments": departments,
            "statuses": ProspectStatus.choices,
            "reasons": sorted(
                ((label, reasons.get(value, 0)) for value, label in RefusalReason.choices),
                key=lambda row: -row[1],
            ),
        },
    )


MISSING = {
    "region": gettext_lazy("No reference for regions: import the Urssaf file."),
    "sector": gettext_lazy("No reference for sectors: import the Urssaf file."),
    "size": gettext_lazy("No reference for size: import the Insee table."),
}
IMPORT_URL = {"region": "import_establishments", "sector": "import_establishments",
              "size": "import_sizes"}  # fmt: skip


@login_required
@require_GET
def representativeness(request: HttpRequest) -> HttpResponse:
    participations = moderated_by(request.user).filter(edition=Edition.objects.current())
    labels = dimension_labels()
    compared = {c.dimension: c for c in services.compare(participations)}
    sources = references.current_sources()
    dimensions = [
        {
            "title": TITLES[dimension],
            "source": sources[dimension],
            "comparison": compared.get(dimension),
            "rows": [
                (labels[dimension].get(gap.key, gap.key), gap) for gap in compared[dimension].gaps
            ]
            if dimension in compared
            else [],
            "missing": MISSING[dimension],
            "import_url": reverse(f"console:{IMPORT_URL[dimension]}"),
        }
        for dimension in services.DIMENSIONS
    ]
    return render(
        request,
        "console/representativeness.html",
        {
            "dimensions": dimensions,
            "may_import": request.user.region_id is None,
            "next": services.canvass_next(
                participations, prospects_for(request.user).filter(edition=recruiting_edition()), 20
            ),
        },
    )
