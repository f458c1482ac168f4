"""The organisers' impact dashboard: did the visit change minds? Answers before and
after the visit, the shift on the reference question ("would you recommend working in
industry?") with its intervals, and each table as CSV or XLSX.

Scoped like every organiser page: a regional organiser sees the answers about the
sites of its region; a national one sees all and may narrow to a region with
`?region=`."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from usines import spreadsheets
from usines.console.regions import region_query, region_shown
from usines.factories.scope import is_organiser
from usines.reference.models import Region
from usines.surveys.figures import Figure, ImpactFigures, ShiftRow
from usines.ui.shortcuts import current_edition_or_404

# The breakdowns of the shift, as (table name, ImpactFigures.shift's key).
SHIFT_TABLES = {
    "impact-audiences": "audience",
    "impact-girls": "girls",
    "impact-levels": "level",
    "impact-sectors": "sector",
    "impact-regions": "region",
}


def _figures(request: HttpRequest) -> ImpactFigures:
    if not is_organiser(request.user):
        raise Http404
    return ImpactFigures(current_edition_or_404(), region_shown(request))


def _titles() -> dict[str, str]:
    return {
        "impact-audiences": _("By audience"),
        "impact-girls": _("Pupils, by their class's share of girls"),
        "impact-levels": _("Pupils, by school level"),
        "impact-sectors": _("By sector"),
        "impact-regions": _("By region"),
    }


@login_required
@require_GET
def impact(request: HttpRequest) -> HttpResponse:
    figures = _figures(request)
    titles = _titles()
    shifts = [
        (table, titles[table], figures.shift(by))
        for table, by in SHIFT_TABLES.items()
        if not (by == "region" and figures.region is not None)
    ]
    return render(
        request,
        "console/impact.html",
        {
            "edition": figures.edition,
            "region": figures.region,
            "regions": Region.objects.all() if not request.user.region_id else [],
            "region_query": region_query(request, figures.region),
            "min_cell": figures.min_cell,
            "rates": figures.response_rates(),
            "headline": shifts[0][2][-1] if shifts[0][2] else None,
            "shifts": shifts,
            "distributions": figures.distributions(),
        },
    )


def _cells(figure: Figure) -> list:
    return [None if x is None else round(x, 1) for x in (figure.value, figure.low, figure.high)]


def _shift_line(row: ShiftRow) -> list:
    if row.hidden:
        note = _("Too few answers") if row.too_few else _("Hidden to protect a small group")
        return [row.label, None, None, *[None] * 18, note]
    return [
        row.label,
        row.before,
        row.after,
        *_cells(row.certainly_before),
        *_cells(row.certainly_after),
        *_cells(row.certainly_shift),
        *_cells(row.net_before),
        *_cells(row.net_after),
        *_cells(row.net_shift),
        "",
    ]


def _shift_header(first: str) -> list[str]:
    header = [first, _("Answers before"), _("Answers after")]
    for figure in (
        _("Certainly, before (%)"),
        _("Certainly, after (%)"),
        _("Certainly, change (points)"),
        _("Net score, before"),
        _("Net score, after"),
        _("Net score, change (points)"),
    ):
        header += [figure, _("%(figure)s: low") % {"figure": figure}]
        header += [_("%(figure)s: high") % {"figure": figure}]
    return [*header, _("Note")]


@login_required
@require_GET
def impact_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """Each table of the impact dashboard as CSV or XLSX, within the organiser's
    scope, with the same groups hidden as on the page."""
    figures = _figures(request)
    if table == "impact-rates":
        header = [_("Audience"), _("Moment"), _("Answers"), _("Expected"), _("Response rate")]
        lines = [
            [r.audience, r.moment, r.answers, r.expected, r.rate] for r in figures.response_rates()
        ]
    elif table in SHIFT_TABLES:
        header = _shift_header(_titles()[table])
        lines = [_shift_line(row) for row in figures.shift(SHIFT_TABLES[table])]
    else:
        raise Http404
    return spreadsheets.download(header, lines, fmt, table, title=table)
