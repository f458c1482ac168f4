"""The organiser's cockpit: goal curve, dashboard, snapshots, the results report, its
tables as CSV/XLSX, the map of sites by fill rate, and the attendance overview.

Scoped like every organiser page: a regional organiser sees its region; a national
one may narrow to a region with `?region=`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from usines import geojson, spreadsheets
from usines.console.regions import region_query, region_shown
from usines.editions.models import Audience, Target
from usines.factories.models import ParticipationStatus
from usines.factories.scope import moderated_by
from usines.reference.models import Region
from usines.reports import figures, services, svg
from usines.reports.figures import Figures, GoalCurve
from usines.reports.models import Snapshot
from usines.surveys.figures import ImpactFigures
from usines.ui.maps import map_settings
from usines.ui.pdf import pdf_response
from usines.ui.shortcuts import current_edition_or_404


def _context(request: HttpRequest):
    """The current edition, the participations of the organiser's scope, its region."""
    edition = current_edition_or_404()
    participations = moderated_by(request.user).filter(edition=edition)
    region = region_shown(request)
    if region is not None:
        participations = participations.filter(site__commune__department__region=region)
    return edition, participations, region


def _figures(request: HttpRequest) -> Figures:
    edition, _participations, region = _context(request)
    return Figures.of(edition, region)


def _chart(kind: str, labels: list[str], datasets: list[dict], **axes) -> dict:
    """A chart for charts.js: `labels` are ISO dates for a line chart (written in
    the page's language by the browser), words for a bar chart; `axes` may give
    `x_title`, `y_title` and the values' `unit`."""
    return {"type": kind, "labels": labels, "datasets": datasets, **axes}


def _goal_lines(curve: GoalCurve, approved: bool = True) -> list[tuple[str, list, str]]:
    """The goal chart's lines as (label, values, kind): the factories of this
    edition (registered, approved if asked, published), the previous edition's
    registrations at the same number of days before its event, the target."""
    lines = [
        (_("Factories registered"), curve.registered, ""),
        *([(_("Factories approved"), curve.approved, "")] if approved else []),
        (_("Factories published"), curve.published, ""),
    ]
    if curve.previous_name:
        label = _("%(edition)s: registered") % {"edition": curve.previous_name}
        lines.append((label, curve.previous, "previous"))
    if curve.target:
        target = _("Target (%(number)s)") % {
            "number": number_format(curve.target, force_grouping=True)
        }
        lines.append((target, [curve.target] * len(curve.days), "target"))
    return lines


def _line_chart(curve: GoalCurve, lines: list[tuple[str, list, str]], y_title: str) -> dict:
    return _chart(
        "line",
        [day.isoformat() for day in curve.days],
        [{"label": label, "data": data, "kind": kind} for label, data, kind in lines],
        x_title=_("Date"),
        y_title=y_title,
    )


@login_required
def cockpit(request: HttpRequest) -> HttpResponse:
    edition, _participations, region = _context(request)
    numbers = Figures.of(edition, region)
    curve = numbers.goal_curve()
    board = numbers.dashboard()
    audiences = dict(Audience.choices)
    charts = {
        "goal": _line_chart(curve, _goal_lines(curve), _("Factories")),
        "places": _line_chart(
            curve,
            [(_("Places booked"), curve.places, ""), *_target_line(curve.places_target, curve)],
            _("Places"),
        ),
        "classes": _line_chart(
            curve,
            [(_("Classes booked"), curve.classes, ""), *_target_line(curve.classes_target, curve)],
            _("Classes"),
        ),
        "regions": _chart(
            "bar",
            [row.label for row in board.by_region],
            [{"label": _("Fill rate"), "data": [row.fill_rate for row in board.by_region]}],
            unit="%",
        ),
        "sectors": _chart(
            "bar",
            [row.label for row in board.by_sector],
            [{"label": _("Places booked"), "data": [row.booked for row in board.by_sector]}],
        ),
    }
    return render(
        request,
        "console/cockpit.html",
        {
            "edition": edition,
            "region": region,
            "regions": Region.objects.all() if not request.user.region_id else [],
            "curve": curve,
            "curve_rows": list(
                zip(
                    curve.days,
                    curve.registered,
                    curve.approved,
                    curve.published,
                    curve.previous,
                    strict=True,
                )
            )[-14:],  # fmt: skip
            "booking_rows": list(zip(curve.days, curve.places, curve.classes, strict=True))[-14:],
            "board": board,
            "computed_at": numbers.computed_at,
            "region_query": region_query(request, region),
            "by_day": [
                {**row, "audience": audiences.get(row["audience"], "")} for row in board.by_day
            ],
            "charts": charts,
            "snapshots": Snapshot.objects.filter(edition=edition),
            "phases": edition.phases.all(),
            "today": timezone.localdate(),
            "map": map_settings(
                sites=reverse("console:sites_fill") + region_query(request, region),
                focus=f"region:{region.pk}" if region else "",
                place=None,
                radius_km=None,
            ),
            "targets": dict(
                Target.objects.filter(edition=edition, region=region).values_list("metric", "value")
            ),
        },
    )


def _target_line(target: int | None, curve: GoalCurve) -> list[tuple[str, list, str]]:
    if not target:
        return []
    label = _("Target (%(number)s)") % {"number": number_format(target, force_grouping=True)}
    return [(label, [target] * len(curve.days), "target")]


@login_required
@require_POST
def refresh(request: HttpRequest) -> HttpResponse:
    """Recompute the edition's figures now, rather than wait for the next refresh."""
    edition, _participations, region = _context(request)
    figures.refresh(edition)
    messages.success(request, _("Figures refreshed."))
    target = request.POST.get("next", "")
    if target not in {reverse("console:cockpit"), reverse("console:attendance_overview")}:
        target = reverse("console:cockpit")
    return redirect(target + region_query(request, region))


@login_required
@require_POST
def snapshot(request: HttpRequest) -> HttpResponse:
    edition, participations, _region = _context(request)
    label = request.POST.get("label", "").strip()[:120] or _("Snapshot of %(date)s") % {
        "date": date_format(timezone.localdate())
    }
    services.take_snapshot(edition, label, participations)
    messages.success(request, _("Snapshot kept."))
    return redirect("console:cockpit")


@login_required
@require_GET
def results_pdf(request: HttpRequest) -> HttpResponse:
    edition, _participations, region = _context(request)
    numbers = Figures.of(edition, region)
    curve = numbers.goal_curve()
    board = numbers.dashboard()
    impact = ImpactFigures(edition, region)
    return pdf_response(
        "console/results.html",
        {
            "edition": edition,
            "region": region,
            "board": board,
            "curve": curve,
            "computed_at": numbers.computed_at,
            "impact": impact.shift("audience"),
            "min_cell": impact.min_cell,
            # The charts are built from numbers and labels that svg.py escapes.
            "goal_svg": mark_safe(  # noqa: S308
                svg.line_chart(
                    curve.days,
                    [
                        svg.Series(label, data, kind)
                        for label, data, kind in _goal_lines(curve, approved=False)
                    ],
                    title=_("Factories against the target"),
                    y_title=_("Factories"),
                    x_title=_("Date"),
                )
            ),
            "regions_svg": mark_safe(  # noqa: S308
                svg.bar_chart(
                    [(row.label, row.fill_rate) for row in board.by_region],
                    title=_("Fill rate by region"),
                    unit="%",
                    decimals=1,
                )
            ),
            "sectors_svg": mark_safe(  # noqa: S308
                svg.bar_chart(
                    [(row.label, row.booked) for row in board.by_sector],
                    title=_("Bookings by sector"),
                )
            ),
        },
        f"bilan-{edition.slug}.pdf",
    )


@login_required
@require_GET
def table_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """Each table of the cockpit and the attendance overview as CSV or XLSX, within
    the organiser's scope."""
    found = _figures(request).table(table)
    if found is None:
        raise Http404
    header, lines = found
    return spreadsheets.download(header, lines, fmt, table, title=table)


@login_required
@require_GET
def sites_fill_geojson(request: HttpRequest) -> HttpResponse:
    """The published sites of the organiser's scope with their fill rate, and the places
    booked and offered from which a cluster of sites computes its own, for the map."""
    _edition, participations, _region = _context(request)
    rows = (
        participations.filter(status=ParticipationStatus.PUBLISHED)
        .order_by()
        .values_list(
            "site_id", "site__name", "site__commune__name", "site__latitude", "site__longitude"
        )  # fmt: skip
        .annotate(
            capacity=Sum("visit__slots__capacity", filter=Q(visit__slots__is_cancelled=False)),
            booked=Sum(
                F("visit__slots__booked") - F("visit__slots__held"),
                filter=Q(visit__slots__is_cancelled=False),
            ),
        )
    )
    features = [
        geojson.point(
            lat,
            lon,
            {
                "id": pk,
                "name": name,
                "commune": commune,
                "fill": round(100 * (booked or 0) / capacity) if capacity else 0,
                "booked": booked or 0,
                "capacity": capacity or 0,
            },
        )
        for pk, name, commune, lat, lon, capacity, booked in rows
    ]
    return geojson.response(geojson.collection(features))


@login_required
def attendance_overview(request: HttpRequest) -> HttpResponse:
    """Who came, for the organiser's scope: by day, by region, and the classes."""
    edition, _participations, region = _context(request)
    numbers = Figures.of(edition, region)
    return render(
        request,
        "console/attendance_overview.html",
        {
            "edition": edition,
            "region_query": region_query(request, region),
            "computed_at": numbers.computed_at,
            "rows": [*numbers.attendance_by_region(), (_("Total"), numbers.attendance())],
            "classes_by": [
                (_("By level"), "classes", numbers.classes("level")),
                (_("By region"), "classes-regions", numbers.classes("region")),
                (_("By sector"), "classes-sectors", numbers.classes("sector")),
            ],
            "per_day_rows": [
                (
                    f"{date_format(day.date, 'l j F')} – {day.get_audience_display()}",
                    numbers.attendance(day),
                )
                for day in edition.days.all()
            ],
        },
    )
