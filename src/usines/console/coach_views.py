"""The organisers' coach plan (requests, proposed pools, acceptance, exports) and the
national school directory they load."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines import geojson, spreadsheets
from usines.bookings.exceptions import BookingError
from usines.console.forms import DirectoryForm, ProposeForm
from usines.editions.models import Edition
from usines.factories.scope import is_organiser, moderated_by
from usines.schools import coaches as coach_services
from usines.schools.directory import import_directory
from usines.schools.models import CoachPool, CoachRequest, School
from usines.ui.maps import map_settings
from usines.ui.pdf import pdf_response

PAGE_SIZE = 20


def _scope(request: HttpRequest):
    return moderated_by(request.user).filter(edition=Edition.objects.current())


def _pools(request: HttpRequest):
    return (
        CoachPool.objects.filter(
            requests__class_group__booking__slot__visit__participation__in=_scope(request)
        )
        .distinct()
        .select_related("day")
        .order_by("day__date", "pk")
    )


def _stops(pools) -> dict[int, list[CoachRequest]]:
    stops: dict[int, list[CoachRequest]] = {pool.pk: [] for pool in pools}
    for stop in (
        CoachRequest.objects.filter(pool__in=pools)
        .select_related(
            "class_group__school",
            "class_group__teacher",
            "class_group__booking__slot__visit__participation__site__commune",
        )
        .order_by("pool_id", "stop_order")
    ):
        stops[stop.pool_id].append(stop)
    return stops


@login_required
@require_http_methods(["GET", "POST"])
def coaches(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = coach_services.propose_coach_pools(scope, form.cleaned_data["school_radius_km"])
        messages.success(
            request,
            _(
                "%(coaches)s coaches proposed for %(requests)s classes (%(km)s km), instead of "
                "%(baseline)s coaches (%(baseline_km)s km) one class a coach."
            )
            % {
                "coaches": plan.coaches,
                "requests": plan.baseline_coaches,
                "km": round(plan.kilometres),
                "baseline": plan.baseline_coaches,
                "baseline_km": round(plan.baseline_kilometres),
            },
        )
        return redirect("console:coaches")
    # Coaches shared by several classes first: they are the ones worth a look.
    by_classes = (
        _pools(request).annotate(classes=Count("requests")).order_by("-classes", "day__date", "pk")
    )
    proposed = Paginator(by_classes.filter(accepted_at__isnull=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    accepted = Paginator(by_classes.filter(accepted_at__isnull=False), PAGE_SIZE).get_page(
        request.GET.get("acceptes")
    )
    stops = _stops([*proposed, *accepted])
    waiting = coach_services.open_coach_requests(scope).filter(pool__isnull=True)
    return render(
        request,
        "console/coaches.html",
        {
            "form": form,
            "page": proposed,
            "proposed": [(pool, stops[pool.pk]) for pool in proposed],
            "accepted_page": accepted,
            "accepted": [(pool, stops[pool.pk]) for pool in accepted],
            "waiting": waiting[:200],
            "map": map_settings(
                sites=reverse("console:coach_requests_geojson"),
                focus=f"region:{request.user.region_id}" if request.user.region_id else "",
                place=None,
                radius_km=None,
            ),
            "waiting_count": waiting.count(),
        },
    )


def _pool(request: HttpRequest, pool_id: int) -> CoachPool:
    return get_object_or_404(_pools(request), pk=pool_id)


@login_required
@require_POST
def accept(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = _pool(request, pool_id)
    try:
        coach_services.accept_coach_pool(pool, request.user)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Coach accepted; the teachers are told by e-mail."))
    return redirect("console:coaches")


@login_required
@require_POST
def split(request: HttpRequest, request_id: int) -> HttpResponse:
    coach_request = get_object_or_404(
        CoachRequest.objects.select_related(
            "pool", "class_group__school__commune", "class_group__booking__slot"
        ),
        pk=request_id,
        class_group__booking__slot__visit__participation__in=_scope(request),
    )
    try:
        coach_services.split_from_pool(coach_request)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The class has a coach of its own."))
    return redirect("console:coaches")


def _plan_rows(request: HttpRequest) -> list[list]:
    pools = [pool for pool in _pools(request) if pool.accepted_at]
    stops = _stops(pools)
    rows = []
    for number, pool in enumerate(pools, start=1):
        for stop in stops[pool.pk]:
            group = stop.class_group
            slot = group.booking.slot
            rows.append(
                [
                    number,
                    pool.day.date.isoformat(),
                    pool.coach_seats,
                    stop.stop_order + 1,
                    group.school.name,
                    group.school.city,
                    stop.seats,
                    stop.leave_after.strftime("%H:%M") if stop.leave_after else "",
                    slot.visit.participation.site.name,
                    timezone.localtime(slot.starts_at).strftime("%H:%M"),
                    group.teacher.email,
                    pool.estimated_km,
                ]
            )
    return rows


def _plan_header() -> list[str]:
    return [
        _("Coach"),
        _("Day"),
        _("Coach size"),
        _("Stop"),
        _("School"),
        _("Commune"),
        _("Seats"),
        _("Leave after"),
        _("Visit"),
        _("Visit starts"),
        _("Teacher"),
        _("Estimated km"),
    ]


@login_required
@require_GET
def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return spreadsheets.download(_plan_header(), _plan_rows(request), fmt, "plan-autocars")


@login_required
@require_GET
def coach_sheet(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = _pool(request, pool_id)
    return pdf_response(
        "console/coach_sheet.html",
        {"pool": pool, "stops": _stops([pool])[pool.pk]},
        f"autocar-{pool.pk}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def directory(request: HttpRequest) -> HttpResponse:
    """Organisers load the national school directory so that teachers find their school."""
    if not is_organiser(request.user):
        raise Http404
    form = DirectoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        handle = io.TextIOWrapper(form.cleaned_data["file"].file, encoding="utf-8-sig")
        try:
            report = import_directory(handle)
        except (ValueError, UnicodeDecodeError) as error:
            form.add_error(
                "file", _("This file is not the directory's CSV: %(error)s") % {"error": error}
            )
        else:
            messages.success(
                request,
                _("%(imported)s schools imported, %(skipped)s rows skipped (invalid UAI code).")
                % {"imported": report.imported, "skipped": report.skipped},
            )
            return redirect("console:directory")
    return render(
        request,
        "console/directory.html",
        {"form": form, "count": School.objects.count()},
    )


@login_required
@require_GET
def requests_geojson(request: HttpRequest) -> JsonResponse:
    """The open coach requests as points at their schools, for the organiser's map."""
    features = []
    for item in coach_services.open_coach_requests(_scope(request)).filter(
        pool__accepted_at__isnull=True
    ):
        point = coach_services.school_point(item.class_group.school)
        if point is None:
            continue
        site = item.class_group.booking.slot.visit.participation.site
        features.append(
            geojson.point(
                point[0],
                point[1],
                {
                    "name": item.class_group.school.name,
                    "commune": f"→ {site.name} · {item.seats}",
                },
            )
        )
    return geojson.response(geojson.collection(features))
