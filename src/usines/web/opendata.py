"""Open data and the partner widget: the participating sites, no personal data,
under the Etalab Open Licence 2.0, at stable URLs; and an embeddable page that sets
no cookie."""

import csv
from io import StringIO
from urllib.parse import urlencode

from csp.decorators import csp_replace
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt

from usines import geojson, spreadsheets
from usines.editions.models import Edition
from usines.factories.filters import VisitFilter
from usines.factories.queries import published_participations, site_record
from usines.outreach.models import Network
from usines.ui.maps import map_settings
from usines.ui.shortcuts import current_edition_or_404

LICENCE = "Licence Ouverte / Open Licence 2.0 (Etalab)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# The open-data columns (French, for French re-users) and the site record's keys.
FIELDS = {
    "id": "id",
    "nom": "name",
    "entreprise": "company",
    "siret": "siret",
    "commune": "commune",
    "code_insee": "insee",
    "departement": "department",
    "region": "region",
    "secteur": "sector",
    "code_naf": "naf",
    "tranche_effectif": "headcount_band",
    "latitude": "lat",
    "longitude": "lon",
    "visite": "visit_title",
    "url": "url",
}
COLUMNS = list(FIELDS)
DIGITS = 5  # about 1 m


def _rows(edition: Edition) -> list[list]:
    participations = published_participations(edition).select_related("site__company")
    rows = []
    for participation in participations.order_by("site_id"):
        record = {
            **site_record(participation),
            "company": participation.site.company.name,
            "siret": participation.site.siret,
        }
        record["lat"], record["lon"] = round(record["lat"], DIGITS), round(record["lon"], DIGITS)
        rows.append([record[key] for key in FIELDS.values()])
    return rows


def _network(visits: VisitFilter) -> Network | None:
    """The partner network the widget is filtered by, if any."""
    network_id = visits.form.cleaned_data.get("network") if visits.is_valid() else None
    return Network.objects.filter(pk=network_id).first() if network_id else None


def _territory(visits: VisitFilter) -> str:
    """The department or region the widget is about ("department:74"), for its map to
    show; without one, the map shows its sites."""
    if not visits.is_valid():
        return ""
    for name in ("department", "region"):
        if visits.form.cleaned_data.get(name) is not None:
            return f"{name}:{visits.form.cleaned_data[name].pk}"
    return ""


def widget_snippet(edition: Edition, query: str) -> str:
    """The iframe a partner pastes into its page: the widget filtered by `query`."""
    return (
        f'<iframe src="{settings.SITE_URL}{reverse("web:widget")}?{query}" '
        f'title="{edition.name}" width="100%" height="640" loading="lazy" '
        'style="border:0"></iframe>'
    )


def script_snippet(query: str) -> str:
    """The same as an element and a script, which sizes the frame to its content."""
    return (
        f'<div data-usines-widget="{query}"></div>\n'
        f'<script src="{settings.SITE_URL}{reverse("web:widget_script")}" async></script>'
    )


def index(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_404()
    region = "84"
    snippet = widget_snippet(edition, f"region={region}")
    script = script_snippet(f"region={region}")
    return render(
        request,
        "web/open_data.html",
        {
            "edition": edition,
            "columns": COLUMNS,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "snippet": snippet,
            "script": script,
        },  # fmt: skip
    )


@cache_control(public=True, max_age=300)
def sites_csv(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_404()
    buffer = StringIO()
    csv.writer(buffer).writerows(spreadsheets.csv_rows(COLUMNS, _rows(edition)))
    response = HttpResponse(buffer.getvalue().encode(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="usines-{edition.slug}.csv"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@cache_control(public=True, max_age=300)
def sites_geojson(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_404()
    features = [
        geojson.point(row[11], row[12], dict(zip(COLUMNS, row, strict=True)), DIGITS)
        for row in _rows(edition)
    ]
    body = geojson.collection(features, name=edition.name, license=LICENCE, license_url=LICENCE_URL)
    response = geojson.response(body)
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


@cache_control(public=True, max_age=3600)
def widget_script(request: HttpRequest) -> HttpResponse:
    """/widget.js: turns each `data-usines-widget` element of a partner's page into a
    frame of the widget and keeps the frame as tall as its content."""
    edition = current_edition_or_404()
    return render(
        request,
        "web/widget.js",
        {"widget_url": settings.SITE_URL + reverse("web:widget"), "title": edition.name},
        content_type="text/javascript; charset=utf-8",
    )


@xframe_options_exempt
@csp_replace({"frame-ancestors": None})  # any partner may frame it
def widget(request: HttpRequest) -> HttpResponse:
    """The edition's visits for a partner's page (region, department, sector or partner
    network in the URL), in an iframe; it reads no session and sets no cookie."""
    edition = current_edition_or_404()
    # Always bound: a widget with no filter in its URL shows every visit of the edition.
    visits = VisitFilter(request.GET, queryset=published_participations(edition), edition=edition)
    rows = list(visits.qs[:100]) if visits.is_valid() else []
    territory = _territory(visits)
    return render(
        request,
        "web/widget.html",
        {
            "edition": edition,
            "rows": rows,
            "count": visits.qs.count() if visits.is_valid() else 0,
            "network": _network(visits),
            "map": map_settings(
                sites=reverse("api:sites_geojson") + "?" + urlencode(visits.api_params()),
                focus=territory,
                fit_sites=not territory,
                place=visits.place,
                radius_km=visits.radius_km,
            ),
        },
    )
