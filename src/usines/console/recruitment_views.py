"""The organisers' recruitment pages: conversion of the relays' prospects, and the panel
against the reference population with who to canvass next."""

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.console.forms import UrssafForm
from usines.editions.models import Edition
from usines.factories.scope import is_organiser, moderated_by
from usines.outreach import services
from usines.outreach.models import ProspectStatus, RefusalReason
from usines.outreach.prospects import recruiting_edition
from usines.outreach.scope import prospects_for
from usines.reference.models import Region, Sector, SizeGroup


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


@login_required
@require_http_methods(["GET", "POST"])
def representativeness(request: HttpRequest) -> HttpResponse:
    participations = moderated_by(request.user).filter(edition=Edition.objects.current())
    form = UrssafForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        text = io.TextIOWrapper(upload.file, encoding="utf-8-sig").read()
        try:
            total = services.import_urssaf(text, upload.name)
        except services.OutreachError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request, _("Reference loaded: %(n)s manufacturing establishments.") % {"n": total}
            )
            return redirect("console:representativeness")
    labels = {
        "region": dict(Region.objects.values_list("pk", "name")),
        "sector": dict(Sector.choices),
        "size": dict(SizeGroup.choices),
    }
    titles = {"region": _("By region"), "sector": _("By sector"), "size": _("By size")}
    comparisons = [
        (titles[c.dimension], c.index, [(labels[c.dimension].get(g.key, g.key), g) for g in c.gaps])
        for c in services.compare(participations)
    ]
    return render(
        request,
        "console/representativeness.html",
        {
            "comparisons": comparisons,
            "form": form,
            "next": services.canvass_next(
                participations, prospects_for(request.user).filter(edition=recruiting_edition()), 20
            ),
            "sources": sorted(
                set(services.ReferenceCount.objects.values_list("source", flat=True))
            ),
        },
    )
