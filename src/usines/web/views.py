"""Public pages: the edition's visits, a factory, booking, the ticket and the waiting list.

Each view parses its input, calls one service and renders; the rules live in the
services and come back as domain errors shown to the visitor.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from usines import limits, proof
from usines.ballots.queries import pending_ballot, pending_ballot_id
from usines.bookings import rules, services
from usines.bookings.exceptions import BookingError, SlotFull
from usines.bookings.forms import BookingForm, PartySizeForm, WaitlistForm
from usines.bookings.models import (
    WITH_VISIT,
    Booking,
    release_time,
)
from usines.bookings.tickets import ticket_ics, ticket_qr_svg
from usines.dbrouter import replica_lag
from usines.editions.calendar import day_openings
from usines.editions.models import Audience, Edition
from usines.factories.filters import VisitFilter
from usines.factories.models import Accessibility, ParticipationStatus, Slot
from usines.factories.queries import (
    attach_next_slots,
    nearby_participations,
    public_counters,
    published_participations,
    territory_filter,
)
from usines.mailinglist import services as mailinglist
from usines.mailinglist.models import Source
from usines.reference.geo import RADII_KM
from usines.reference.models import Department, Region
from usines.ui.maps import map_settings
from usines.ui.pdf import pdf_response
from usines.ui.shortcuts import current_edition_or_404
from usines.web.seo import event_structured_data

PAGE_SIZE = 20
# What a visitor typed to book, kept when the slot fills up meanwhile (not the consent).
WAITLIST_KEPT_FIELDS = ("name", "email", "postcode", "party_size")
MORE_FILTERS = ("audience", "size", "age", "region", "department", "jobs", "accessibility")


def search_query(params: QueryDict) -> QueryDict:
    """A search's parameters as links carry them: without the empty ones, the page
    number, or a radius with no place to measure it from."""
    query = QueryDict(mutable=True)
    has_place = bool(params.get("near", "").strip())
    for name, values in params.lists():
        kept = [value for value in values if value.strip()]
        if name == "page" or not kept or (name == "radius" and not has_place):
            continue
        query.setlist(name, kept)
    return query


def _discovery(
    request: HttpRequest,
    edition: Edition,
    template: str,
    *,
    region: Region | None = None,
    department: Department | None = None,
    **context,
) -> HttpResponse:
    """The filterable list and map of visits, nationally or for one territory."""
    territory = territory_filter(region, department)
    visits = VisitFilter(
        request.GET or None,
        queryset=published_participations(edition).filter(territory),
        edition=edition,
        territory=territory != Q(),
    )
    page = Paginator(visits.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = attach_next_slots(list(page.object_list))
    query = search_query(request.GET)
    counters = public_counters(edition, region, department)
    # A search that asks nothing matches every visit: its places are the counters'.
    if query:
        places_matching = visits.qs.aggregate(places=Sum("places_left"))["places"] or 0
    else:
        places_matching = counters.places_left
    without_bbox = query.copy()
    without_bbox.pop("bbox", None)
    wider_radius = next((km for km in RADII_KM if km > visits.radius_km), None)
    wider = query.copy()
    wider["radius"] = str(wider_radius)
    map_query = visits.api_params()
    if department is not None:
        map_query["department"] = department.code
    elif region is not None:
        map_query["region"] = region.code
    days = list(edition.days.all())
    return render(
        request,
        template,
        {
            "edition": edition,
            "days": days,
            "day_openings": day_openings(edition, days, timezone.now()),
            "counters": counters,
            "filter": visits,
            "page": page,
            "places_matching": places_matching,
            "query": query.urlencode(),
            "place": visits.place,
            "radius_km": visits.radius_km,
            "wider_radius": wider_radius,
            "wider_url": f"?{wider.urlencode()}#results" if wider_radius else "",
            "query_without_bbox": without_bbox.urlencode(),
            "more_filters_active": any(request.GET.get(name) for name in MORE_FILTERS),
            "map": map_settings(
                sites=reverse("api:sites_geojson") + "?" + urlencode(map_query),
                focus=f"department:{department.code}"
                if department
                else f"region:{region.code}"
                if region
                else "",
                place=visits.place,
                radius_km=visits.radius_km,
            ),
            **context,
        },
    )


def home(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    if edition is None:
        return render(request, "web/no_edition.html")
    return _discovery(request, edition, "web/home.html", regions=Region.objects.order_by("name"))


def region_page(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    return _discovery(
        request,
        current_edition_or_404(),
        "web/territory.html",
        region=region,
        territory_name=region.name,
        departments=region.departments.all(),
    )


def department_page(request: HttpRequest, code: str) -> HttpResponse:
    department = get_object_or_404(Department.objects.select_related("region"), code=code.upper())
    return _discovery(
        request,
        current_edition_or_404(),
        "web/territory.html",
        department=department,
        territory_name=f"{department.name} ({department.code})",
        parent_region=department.region,
    )


def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    edition = current_edition_or_404()
    participation = get_object_or_404(
        published_participations(edition)
        .select_related("site__company")
        .prefetch_related("visit__jobs"),
        site_id=site_id,
    )
    site, visit = participation.site, participation.visit
    slots = list(
        Slot.objects.filter(visit__participation=participation, is_cancelled=False)
        .select_related("day")
        .order_by("starts_at")
    )
    openings = {
        item.day.pk: item.opening
        for item in day_openings(edition, {slot.day for slot in slots}, timezone.now())
    }
    for slot in slots:
        slot.opening = openings[slot.day_id]
    return render(
        request,
        "web/site_detail.html",
        {
            "edition": edition,
            "participation": participation,
            "site": site,
            "visit": visit,
            "slots": slots,
            "audience": Audience,
            "ballot": pending_ballot(edition.pk, visit.pk, Audience.PUBLIC),
            "accessibility": [Accessibility(code).label for code in visit.accessibility],
            "nearby": nearby_participations(edition, site),
            "structured_data": event_structured_data(request, participation, slots),
            "map": map_settings(
                sites="",
                focus="",
                place=None,
                radius_km=None,
                marker=[site.latitude, site.longitude],
                marker_label=site.name,
            ),
        },
    )


def slot_or_404(slot_id: int) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("day__edition", "visit__participation__site__commune").filter(
            visit__participation__status=ParticipationStatus.PUBLISHED, is_cancelled=False
        ),
        pk=slot_id,
    )


def waitlist_page(request: HttpRequest, slot: Slot, form: WaitlistForm) -> HttpResponse:
    proof_challenge = proof.challenge_for(request, limits.WAITLIST_BY_ADDRESS)
    return render(
        request, "web/waitlist_join.html", {"slot": slot, "form": form, "proof": proof_challenge}
    )


def _waitlist_url(slot: Slot, party_size: int) -> str:
    return f"{reverse('web:join_waitlist', args=[slot.pk])}?{urlencode({'places': party_size})}"


def ballot_instead(request: HttpRequest, slot_id: int) -> HttpResponse | None:
    """While a slot is in a ballot, it is entered there, not booked: the way to it."""
    try:
        facts = rules.slot_facts(slot_id)
    except Slot.DoesNotExist:
        raise Http404 from None
    if (ballot_id := pending_ballot_id(facts)) is None:
        return None
    messages.info(request, _("This visit's places are drawn by lot: enter its ballot."))
    return redirect(f"{reverse('web:ballot', args=[ballot_id])}?{urlencode({'creneau': slot_id})}")


@require_http_methods(["GET", "POST"])
def book_slot(request: HttpRequest, slot_id: int) -> HttpResponse:
    """Book a public slot; a full one leads to its waiting list, and a party larger
    than the places left is told how many remain and offered the waiting list. A slot
    in a ballot sends to the ballot."""
    if ballot_page := ballot_instead(request, slot_id):
        return ballot_page
    form = None
    refused_party = 0
    if request.method == "POST":
        limits.check(request, limits.BOOKING_BY_ADDRESS)
        # A booking reads what this process remembers of the slot (the rush books the
        # same slots over and over); the page, when shown again, reads it afresh.
        try:
            facts = rules.slot_facts(slot_id)
        except Slot.DoesNotExist:
            raise Http404 from None
        form = BookingForm(request.POST, slot=facts)
        if proof.accepted(request, form, limits.BOOKING_BY_ADDRESS):
            limits.check(request, limits.BOOKING_BY_EMAIL, value=form.cleaned_data["email"])
            try:
                result = services.book_visit(
                    facts,
                    form.cleaned_data["party_size"],
                    form.contact(get_language()),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
            except SlotFull:
                refused_party = form.cleaned_data["party_size"]
            except BookingError as error:
                form.add_error(None, error.message)
            else:
                if result.created:
                    messages.success(request, _("Your booking is confirmed."))
                    _ask_for_news(form)
                return redirect("web:booking", token=result.booking.token)
    slot = slot_or_404(slot_id)
    waitlist_url = ""
    if refused_party and not slot.available:
        # Filled up meanwhile: the same details, on the waiting list's form.
        messages.info(request, _("This slot has just filled up: you can join its waiting list."))
        kept = {name: form.cleaned_data[name] for name in WAITLIST_KEPT_FIELDS}
        return waitlist_page(request, slot, WaitlistForm(initial=kept, slot=slot))
    if refused_party:
        form.add_error("party_size", _places_left_message(slot.available))
        waitlist_url = _waitlist_url(slot, refused_party)
    elif form is None and slot.audience == Audience.PUBLIC and not slot.available:
        return redirect("web:join_waitlist", slot_id=slot.pk)
    form = form or BookingForm(slot=slot)
    proof_challenge = proof.challenge_for(request, limits.BOOKING_BY_ADDRESS)
    return render(
        request,
        "web/book.html",
        {
            "slot": slot,
            "form": form,
            "proof": proof_challenge,
            "waitlist_url": waitlist_url,
            "release_at": release_time(slot),
        },
    )


def _ask_for_news(form: BookingForm) -> None:
    """Once the booking is made, the next edition's news for a visitor who ticked
    the box: its own confirmation e-mail, apart from the ticket."""
    if form.cleaned_data["next_edition_news"]:
        mailinglist.request_subscription(form.cleaned_data["email"], get_language(), Source.BOOKING)


def _places_left_message(left: int) -> str:
    return ngettext(
        "Only %(left)s place is left on this slot.",
        "Only %(left)s places are left on this slot.",
        left,
    ) % {"left": left}


def booking_detail(request: HttpRequest, token: str) -> HttpResponse:
    booking = get_object_or_404(
        Booking.objects.select_related(*WITH_VISIT),
        token=token,
    )
    form = PartySizeForm(
        initial={"party_size": booking.party_size},
        slot=booking.slot,
    )
    return render(
        request,
        "web/booking.html",
        {
            "booking": booking,
            "qr_svg": ticket_qr_svg(booking),
            "form": form,
            "release_at": release_time(booking.slot),
        },
    )


@require_POST
def booking_change(request: HttpRequest, token: str) -> HttpResponse:
    booking = get_object_or_404(Booking.objects.select_related("slot__day__edition"), token=token)
    form = PartySizeForm(request.POST, slot=booking.slot)
    if form.is_valid():
        try:
            services.change_party_size(token, form.cleaned_data["party_size"])
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Your booking now has %(n)s places.") % {"n": form.cleaned_data["party_size"]},
            )
    else:
        for error in form.errors["party_size"]:
            messages.error(request, error)
    return redirect("web:booking", token=token)


@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, token: str) -> HttpResponse:
    booking = get_object_or_404(
        Booking.objects.select_related("slot__visit__participation__site__commune"), token=token
    )
    if request.method == "POST":
        try:
            services.cancel_booking(token)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your booking is cancelled; the places are free again."))
        return redirect("web:booking", token=token)
    return render(request, "web/booking_cancel.html", {"booking": booking})


def booking_ics(request: HttpRequest, token: str) -> HttpResponse:
    booking = get_object_or_404(
        Booking.objects.select_related(*WITH_VISIT),
        token=token,
    )
    response = HttpResponse(ticket_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="visite-usine.ics"'
    return response


def booking_pdf(request: HttpRequest, token: str) -> HttpResponse:
    """The ticket to print: QR code, check-in code, when, where to meet and the way."""
    booking = get_object_or_404(Booking.objects.select_related(*WITH_VISIT), token=token)
    if not booking.is_active:
        messages.error(request, _("This booking is cancelled."))
        return redirect("web:booking", token=token)
    return pdf_response(
        "web/ticket_pdf.html",
        {
            "booking": booking,
            "slot": booking.slot,
            "site": booking.slot.visit.participation.site,
            "visit": booking.slot.visit,
            "edition": booking.slot.day.edition,
            "qr_svg": ticket_qr_svg(booking),
            "manage_url": request.build_absolute_uri(reverse("web:booking", args=[token])),
        },
        f"billet-{booking.checkin_code}.pdf",
    )


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """This node's state now: never kept by a proxy or CDN, unlike the public pages."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy", never a 500 page
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    answer = {"status": "ok", "database": "ok"}
    # The replica's lag, when there is one: its absence or delay slows no page that
    # must be fresh, so it is reported, not a failure of this node.
    replica = replica_lag()
    if replica is not None:
        answer["replica"] = replica
    return JsonResponse(answer)


def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /reservation/",
        "Disallow: /liste-attente/",
        "Disallow: /mes-reservations/",
        "Disallow: /creneau/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri(reverse('django.contrib.sitemaps.views.sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
