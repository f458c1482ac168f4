"""The organisers' coach plan (requests, proposed pools, acceptance one by one or all
at once after a review, the driver, exports) and the national school directory they
load."""

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
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines import geojson, spreadsheets
from usines.bookings.exceptions import BookingError
from usines.console.forms import AcceptAllForm, DirectoryForm, DriverForm, ProposeForm
from usines.editions.models import Edition
from usines.factories.models import Site
from usines.factories.scope import is_organiser, moderated_by
from usines.schools import coaches as coach_services
from usines.schools import pooling, timetables
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
    return timetables.stops_of(pool.pk for pool in pools)


def _planned(
    pools,
) -> list[tuple[CoachPool, list[tuple[CoachRequest, object]], pooling.Timetable | None]]:
    """Each coach with its stops, each stop with its pick-up time, and its timetable."""
    stops = _stops(pools)
    planned = []
    for pool in pools:
        pickups, timetable = timetables.stops_with_times(stops[pool.pk])
        planned.append((pool, pickups, timetable))
    return planned


@login_required
@require_http_methods(["GET", "POST"])
def coaches(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = coach_services.propose_coach_pools(scope, form.cleaned_data["school_radius_km"])
        messages.success(
            request,
            ngettext(
                "%(coaches)s coach proposed for %(requests)s classes (%(km)s km), instead of "
                "%(baseline)s coaches (%(baseline_km)s km) one class a coach.",
                "%(coaches)s coaches proposed for %(requests)s classes (%(km)s km), instead of "
                "%(baseline)s coaches (%(baseline_km)s km) one class a coach.",
                plan.coaches,
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
    waiting = coach_services.open_coach_requests(scope).filter(pool__isnull=True)
    return render(
        request,
        "console/coaches.html",
        {
            "form": form,
            "page": proposed,
            "proposed": _planned(list(proposed)),
            "accepted_page": accepted,
            "accepted": _planned(list(accepted)),
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


def _back_to_page(request: HttpRequest) -> HttpResponse:
    """The coaches' page the organiser was on."""
    page = request.POST.get("page", "")
    url = reverse("console:coaches")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)


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
    return _back_to_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def accept_all(request: HttpRequest) -> HttpResponse:
    """Every proposed coach at once: a review of what will be accepted (and of what
    cannot be, its timetable broken), then one confirmation for all of them."""
    proposed = _pools(request).filter(accepted_at__isnull=True)
    if request.method == "POST":
        form = AcceptAllForm(request.POST)
        if form.is_valid():
            try:
                count = coach_services.accept_coach_pools(
                    proposed, form.cleaned_data["pools"], request.user
                )
            except BookingError as error:
                messages.error(request, error.message)
                return redirect("console:accept_all_coaches")
            messages.success(
                request,
                ngettext(
                    "%(count)s coach accepted; the teachers are told by e-mail.",
                    "%(count)s coaches accepted; the teachers are told by e-mail.",
                    count,
                )
                % {"count": count},
            )
            return redirect("console:coaches")
        messages.error(request, _("Review the coaches again."))
        return redirect("console:accept_all_coaches")
    planned = _planned(list(proposed.annotate(classes=Count("requests"))))
    ready = [item for item in planned if item[2] is None or item[2].is_kept()]
    broken = [item for item in planned if item[2] is not None and not item[2].is_kept()]
    days: dict = {}
    for pool, stops, _timetable in ready:
        row = days.setdefault(pool.day.date, {"coaches": 0, "classes": 0, "seats": 0, "km": 0})
        row["coaches"] += 1
        row["classes"] += len(stops)
        row["seats"] += pool.seats_used
        row["km"] += pool.estimated_km
    return render(
        request,
        "console/coach_review.html",
        {
            "ready": ready,
            "broken": broken,
            "days": sorted(days.items()),
            "classes": sum(row["classes"] for row in days.values()),
            "seats": sum(row["seats"] for row in days.values()),
            "km": round(sum(row["km"] for row in days.values())),
            "form": AcceptAllForm(
                initial={"pools": ",".join(str(pool.pk) for pool, _s, _t in ready)}
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def driver(request: HttpRequest, pool_id: int) -> HttpResponse:
    """The driver of an accepted coach, as the coach company names them."""
    pool = get_object_or_404(_pools(request).filter(accepted_at__isnull=False), pk=pool_id)
    form = DriverForm(
        request.POST or None,
        initial={"driver_name": pool.driver_name, "driver_phone": pool.driver_phone},
    )
    if request.method == "POST" and form.is_valid():
        try:
            coach_services.set_coach_driver(
                pool, form.cleaned_data["driver_name"], form.cleaned_data["driver_phone"]
            )
        except BookingError as error:
            form.add_error("driver_phone", error.message)
        else:
            messages.success(request, _("The driver is saved."))
            return redirect("console:coaches")
    (planned,) = _planned([pool])
    return render(request, "console/coach_driver.html", {"form": form, "planned": planned})


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
    rows = []
    for number, (pool, stops, _timetable) in enumerate(_planned(pools), start=1):
        for stop, pickup in stops:
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
                    timezone.localtime(pickup).strftime("%H:%M") if pickup else "",
                    pool.driver_name,
                    pool.driver_phone,
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
        _("Pick-up time"),
        _("Driver"),
        _("Driver's phone"),
    ]


@login_required
@require_GET
def plan_export(request: HttpRequest, fmt: str) -> HttpResponse:
    return spreadsheets.download(_plan_header(), _plan_rows(request), fmt, "plan-autocars")


@login_required
@require_GET
def coach_sheet(request: HttpRequest, pool_id: int) -> HttpResponse:
    pool = _pool(request, pool_id)
    ((pool, stops, timetable),) = _planned([pool])
    sites = {}
    for stop, _at in stops:
        site = stop.class_group.booking.slot.visit.participation.site
        sites.setdefault(site.pk, site)
    # The factories in the order the coach reaches them, each with its host's team.
    arrivals = {site_id: at for site_id, at, _due in (timetable.factories if timetable else [])}
    back = {site_id: at for site_id, at, _end in (timetable.collections if timetable else [])}
    teams = Site.objects.filter(pk__in=sites).prefetch_related("team")
    hosts = {site.pk: list(site.team.all()) for site in teams}
    factories = [
        {
            "site": sites[site_id],
            "arrival": arrivals.get(site_id),
            "collected": back.get(site_id),
            "hosts": hosts[site_id],
        }
        for site_id in [*arrivals, *(pk for pk in sites if pk not in arrivals)]
    ]
    return pdf_response(
        "console/coach_sheet.html",
        {
            "pool": pool,
            "stops": stops,
            "factories": factories,
            "timetable": timetable,
            "speed": round(pooling.COACH_SPEED_KMH),
            "stop_minutes": pooling.STOP_MINUTES,
            "margin": pooling.ARRIVAL_MARGIN_MINUTES,
        },
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
            imported = ngettext(
                "%(n)s school imported.", "%(n)s schools imported.", report.imported
            ) % {"n": report.imported}
            skipped = ngettext(
                "%(n)s row skipped (invalid UAI code).",
                "%(n)s rows skipped (invalid UAI code).",
                report.skipped,
            ) % {"n": report.skipped}
            messages.success(request, f"{imported} {skipped}" if report.skipped else imported)
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
        point = timetables.school_point(item.class_group.school)
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
