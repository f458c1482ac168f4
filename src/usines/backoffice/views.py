"""The hosts' pages: register a site, describe the visit, open slots, see bookings,
export them, message visitors, manage the team and check visitors in on the day.

Every view loads its site through `scope.sites_for(user)`: another host's site
answers 404. Each change calls one service and reports its error in words.
"""

import json
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines.accounts.models import Role
from usines.backoffice import exports
from usines.backoffice.forms import (
    BookersMessageForm,
    CapacityForm,
    DayMessageForm,
    InviteForm,
    MessageRequiredForm,
    PhotoForm,
    SiteEditForm,
    SiteForm,
    SlotDayForm,
    VisitForm,
)
from usines.backoffice.scope import is_organiser, sites_for
from usines.bookings.checkin import Outcome, attendance, check_in, record_walk_ins, slot_attendance
from usines.bookings.models import (
    Booking,
    BookingStatus,
    WaitlistEntry,
    WaitlistStatus,
    WalkInCategory,
)
from usines.editions.models import Edition
from usines.factories import services
from usines.factories.exceptions import HostingError, SiretTaken
from usines.factories.models import (
    Participation,
    ParticipationStatus,
    Site,
    SitePhoto,
    Slot,
    TeamInvitation,
)
from usines.reference.models import NafCode
from usines.ui.maps import map_settings

FRANCE_CENTRE = (46.6, 2.4)


def _edition() -> Edition:
    edition = Edition.objects.current()
    if edition is None:
        raise Http404(_("No edition is published yet."))
    return edition


def _site(request: HttpRequest, site_id: int) -> Site:
    return get_object_or_404(
        sites_for(request.user).select_related("commune__department__region", "naf__division"),
        pk=site_id,
    )


def _participation(request: HttpRequest, site_id: int) -> Participation:
    """The site's participation in the current edition, within the user's scope."""
    site = _site(request, site_id)
    participation = (
        Participation.objects.select_related("visit", "edition", "site")
        .filter(site=site, edition=_edition())
        .first()
    )
    if participation is None:
        raise Http404
    return participation


def _slot(request: HttpRequest, slot_id: int) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("day", "visit__participation__site").filter(
            visit__participation__site__in=sites_for(request.user)
        ),
        pk=slot_id,
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a log-in lands: organisers on their queue, hosts on their sites."""
    if is_organiser(request.user) and not request.GET.get("hote"):
        return redirect("console:moderation")
    if request.user.role == Role.TEACHER:
        return redirect("schools:home")
    if request.user.role == Role.RELAY:
        return redirect("outreach:prospects")
    edition = Edition.objects.current()
    sites = (
        sites_for(request.user)
        .filter(team=request.user)
        .select_related("company", "commune")
        .order_by("company__name", "name")
    )
    participations = {}
    if edition is not None:
        participations = {
            p.site_id: p
            for p in Participation.objects.filter(edition=edition, site__in=sites).annotate(
                slot_count=Count("visit__slots", filter=Q(visit__slots__is_cancelled=False)),
                booked=Sum("visit__slots__booked", filter=Q(visit__slots__is_cancelled=False)),
            )
        }
    rows = [(site, participations.get(site.pk)) for site in sites]
    return render(
        request,
        "backoffice/home.html",
        {"edition": edition, "rows": rows, "status": ParticipationStatus},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_site(request: HttpRequest) -> HttpResponse:
    edition = _edition()
    form = SiteForm(request.POST or None)
    taken_site = None
    if request.method == "POST" and form.is_valid():
        try:
            participation = services.register_site(request.user, edition, form.details())
        except SiretTaken as error:
            taken_site = error.site
            request.session["join_site"] = taken_site.pk
            form.add_error("siret", error.message)
        except HostingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Your site is registered. Now describe the visit."))
            return redirect("backoffice:visit", site_id=participation.site_id)
    return render(
        request,
        "backoffice/register_site.html",
        {
            "form": form,
            "edition": edition,
            "taken_site": taken_site,
            "naf_codes": NafCode.objects.order_by("code").values_list("code", "label"),
            "map": _pin_map(*(form.pin() or FRANCE_CENTRE), 13 if form.pin() else 5),
        },
    )


@login_required
@require_POST
def take_part_again(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    _run(
        request,
        lambda: services.take_part_again(site, request.user, _edition()),
        _("Your site takes part again: check the visit copied from last time, then submit it."),
    )
    return redirect("backoffice:site", site_id=site.pk)


@login_required
@require_POST
def request_to_join(request: HttpRequest, site_id: int) -> HttpResponse:
    """Only for the site whose SIRET this user just tried to register: nobody can make
    the platform e-mail any team at will."""
    if request.session.get("join_site") != site_id:
        raise Http404
    site = get_object_or_404(Site, pk=site_id)
    del request.session["join_site"]
    services.request_to_join(request.user, site)
    messages.success(
        request, _("Your request is sent to the team of %(site)s.") % {"site": site.name}
    )
    return redirect("backoffice:home")


@login_required
def site_overview(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    slots = list(participation.visit.slots.select_related("day").order_by("starts_at"))
    waiting = dict(
        WaitlistEntry.objects.filter(slot__in=slots, status=WaitlistStatus.WAITING)
        .order_by()
        .values_list("slot_id")
        .annotate(n=Count("pk"))
        .values_list("slot_id", "n")
    )
    for slot in slots:
        slot.waiting = waiting.get(slot.pk, 0)
    return render(
        request,
        "backoffice/site.html",
        {
            "participation": participation,
            "site": participation.site,
            "visit": participation.visit,
            "slots": slots,
            "events": participation.events.select_related("actor"),
            "status": ParticipationStatus,
            "days": participation.edition.days.all(),
            "withdraw_form": MessageRequiredForm(),
            "day_message_form": DayMessageForm(edition=participation.edition),
        },
    )


def _run(request: HttpRequest, action, success: str) -> bool:
    try:
        action()
    except HostingError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def submit(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    _run(
        request,
        lambda: services.submit_participation(participation, request.user),
        _("Your visit is submitted; the organisers will answer by e-mail."),
    )
    return redirect("backoffice:site", site_id=site_id)


@login_required
@require_POST
def publish(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    _run(
        request,
        lambda: services.publish_participation(participation, request.user),
        _("Your visit is online: visitors can book it."),
    )
    return redirect("backoffice:site", site_id=site_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    form = MessageRequiredForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message: your visitors will read it."))
    else:
        _run(
            request,
            lambda: services.withdraw_participation(
                participation, request.user, form.cleaned_data["message"]
            ),
            _("Your participation is withdrawn; every booker has been told."),
        )
    return redirect("backoffice:site", site_id=site_id)


def _pin_map(latitude: float, longitude: float, zoom: int) -> dict:
    return map_settings(
        sites="",
        focus="",
        place=None,
        radius_km=None,
        marker=[latitude, longitude],
        zoom=zoom,
        pin_inputs=["id_latitude", "id_longitude"],
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_site(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    form = SiteEditForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The site is saved."))
        return redirect("backoffice:site", site_id=site.pk)
    return render(
        request,
        "backoffice/edit_site.html",
        {"form": form, "site": site, "map": _pin_map(site.latitude, site.longitude, 15)},
    )


@login_required
@require_POST
def message_day(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    form = DayMessageForm(request.POST, edition=participation.edition)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        slots = list(
            participation.visit.slots.filter(day=form.cleaned_data["day"], is_cancelled=False)
        )
        count = services.message_bookers(
            slots, form.cleaned_data["subject"], form.cleaned_data["body"]
        )
        messages.success(request, _("Your message goes to %(count)s bookers.") % {"count": count})
    return redirect("backoffice:site", site_id=site_id)


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    form = VisitForm(request.POST or None, instance=participation.visit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The visit is saved."))
        return redirect("backoffice:site", site_id=site_id)
    return render(
        request,
        "backoffice/visit.html",
        {"form": form, "participation": participation, "site": participation.site},
    )


@login_required
@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_photo(site, form.cleaned_data["image"], form.cleaned_data["description"])
        messages.success(request, _("The photo is added."))
        return redirect("backoffice:photos", site_id=site.pk)
    return render(
        request, "backoffice/photos.html", {"form": form, "site": site, "photos": site.photos.all()}
    )


@login_required
@require_POST
def delete_photo(request: HttpRequest, site_id: int, photo_id: int) -> HttpResponse:
    site = _site(request, site_id)
    services.delete_photo(get_object_or_404(SitePhoto, pk=photo_id, site=site))
    messages.success(request, _("The photo is deleted."))
    return redirect("backoffice:photos", site_id=site.pk)


@login_required
@require_http_methods(["GET", "POST"])
def slots(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    form = SlotDayForm(
        request.POST or None,
        edition=participation.edition,
        duration=participation.visit.duration_minutes,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_slots(
                participation,
                data["day"],
                data["first_start"],
                data["last_start"],
                data["every_minutes"],
                data["duration_minutes"],
                data["capacity"],
            )
        except HostingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("%(count)s slots opened.") % {"count": len(created)}
                if created
                else _("These slots were already open."),
            )
            return redirect("backoffice:site", site_id=site_id)
    return render(
        request,
        "backoffice/slots.html",
        {"form": form, "participation": participation, "site": participation.site},
    )


@login_required
@require_http_methods(["GET", "POST"])
def slot_detail(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = _slot(request, slot_id)
    capacity_form = CapacityForm(initial={"capacity": slot.capacity})
    cancel_form = MessageRequiredForm()
    message_form = BookersMessageForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "capacity":
            capacity_form = CapacityForm(request.POST)
            if capacity_form.is_valid():
                try:
                    services.change_capacity(slot, capacity_form.cleaned_data["capacity"])
                except HostingError as error:
                    capacity_form.add_error("capacity", error.message)
                else:
                    messages.success(request, _("The capacity is changed."))
                    return redirect("backoffice:slot", slot_id=slot.pk)
        elif action == "cancel":
            cancel_form = MessageRequiredForm(request.POST)
            if cancel_form.is_valid():
                count = services.cancel_slot(slot, cancel_form.cleaned_data["message"])
                messages.success(
                    request,
                    _("The slot is cancelled; %(count)s bookers are told.") % {"count": count},
                )
                return redirect("backoffice:site", site_id=slot.visit.participation.site_id)
        elif action == "message":
            message_form = BookersMessageForm(request.POST)
            if message_form.is_valid():
                count = services.message_bookers(
                    [slot], message_form.cleaned_data["subject"], message_form.cleaned_data["body"]
                )
                messages.success(
                    request, _("Your message goes to %(count)s bookers.") % {"count": count}
                )
                return redirect("backoffice:slot", slot_id=slot.pk)
    bookings = Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED).order_by("name")
    waiting = WaitlistEntry.objects.filter(
        slot=slot, status__in=(WaitlistStatus.WAITING, WaitlistStatus.OFFERED)
    ).order_by("created_at")
    return render(
        request,
        "backoffice/slot.html",
        {
            "slot": slot,
            "site": slot.visit.participation.site,
            "bookings": bookings,
            "waiting": waiting,
            "capacity_form": capacity_form,
            "cancel_form": cancel_form,
            "message_form": message_form,
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, site_id: int, fmt: str) -> HttpResponse:
    participation = _participation(request, site_id)
    day = None
    if request.GET.get("day"):
        day = get_object_or_404(participation.edition.days, pk=request.GET["day"])
    groups = exports.slots_with_bookings(participation, day)
    filename = f"reservations-{participation.site.siret}"
    if fmt != "pdf":
        return exports.download(groups, fmt, filename)
    response = HttpResponse(exports.to_pdf(participation, groups), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, site_id: int) -> HttpResponse:
    site = _site(request, site_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.invite_member(site, request.user, form.cleaned_data["email"])
        messages.success(
            request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("backoffice:team", site_id=site.pk)
    return render(
        request,
        "backoffice/team.html",
        {
            "site": site,
            "form": form,
            "members": site.team.order_by("last_name", "email"),
            "invitations": site.invitations.filter(accepted_at__isnull=True),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.method == "POST":
        try:
            site = services.accept_invitation(token, request.user)
        except HostingError as error:
            messages.error(request, error.message)
            return redirect("backoffice:home")
        messages.success(request, _("You joined the team of %(site)s.") % {"site": site.name})
        return redirect("backoffice:site", site_id=site.pk)
    invitation = get_object_or_404(TeamInvitation.objects.select_related("site"), token=token)
    return render(request, "backoffice/accept_invitation.html", {"invitation": invitation})


@login_required
def attendance_view(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = _participation(request, site_id)
    days = list(participation.edition.days.all())
    slots = list(participation.visit.slots.filter(is_cancelled=False).select_related("day"))
    per_slot = slot_attendance(slots)
    for slot in slots:
        slot.figures = per_slot.get(slot.pk, {"booked": 0, "present": 0, "bookings": 0})
    one = Participation.objects.filter(pk=participation.pk)
    return render(
        request,
        "backoffice/attendance.html",
        {
            "participation": participation,
            "site": participation.site,
            "slots": slots,
            "per_day_rows": [
                (
                    f"{date_format(day.date, 'l j F')} – {day.get_audience_display()}",
                    attendance(one, day),
                )
                for day in days
            ]
            + [(_("Total"), attendance(one))],
        },
    )


# --- The day itself: check-in from a phone ------------------------------------


def _checkin_context(request: HttpRequest, site_id: int, day_id: int):
    participation = _participation(request, site_id)
    day = get_object_or_404(participation.edition.days, pk=day_id)
    return participation, day


def _counts(participation: Participation, day) -> dict:
    figures = attendance(Participation.objects.filter(pk=participation.pk), day)
    return {
        "booked": figures.booked,
        "arrived": figures.present,
        "walk_ins": figures.walk_ins_total,
        "by_category": {code: figures.walk_ins.get(code, 0) for code in WalkInCategory.values},
        "school": figures.school_present,
        "public": figures.public_present,
        "total": figures.total_present,
    }


@login_required
def checkin_page(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    query = request.GET.get("q", "").strip()
    found = []
    if len(query) >= 2:
        found = (
            Booking.objects.filter(
                slot__visit__participation=participation,
                slot__day=day,
                status=BookingStatus.CONFIRMED,
                name__icontains=query,
            )
            .select_related("slot")
            .order_by("name")[:20]
        )
    base = reverse("backoffice:checkin", args=[participation.site_id, day.pk])
    return render(
        request,
        "backoffice/checkin.html",
        {
            "participation": participation,
            "site": participation.site,
            "day": day,
            "counts": _counts(participation, day),
            "categories": WalkInCategory.choices,
            "query": query,
            "found": found,
            "result": request.session.pop("checkin_result", None),
            "classes": Booking.objects.filter(
                slot__visit__participation=participation,
                slot__day=day,
                status=BookingStatus.CONFIRMED,
                class_group__isnull=False,
            )
            .select_related("slot")
            .order_by("slot__starts_at", "name"),
            "endpoints": {
                "checkin": base + "api/checkin",
                "walkins": base + "api/walkins",
                "counts": base + "api/counts",
            },
            "labels": {
                "offline": _(
                    "No network: saved on this phone, sent as soon as the network is back."
                ),
                "pending": _("Waiting to be sent:"),
                "sent": _("Everything is sent."),
                "camera": _("The camera cannot be opened: type the code."),
            },
        },
    )


def _result_payload(result) -> dict:
    booking = result.booking
    payload = {"outcome": result.outcome}
    if booking is not None:
        payload["name"] = booking.name
        payload["places"] = booking.party_size
        payload["slot"] = time_format(timezone.localtime(booking.slot.starts_at), "H:i")
    if result.checked_in_at is not None:
        payload["at"] = time_format(timezone.localtime(result.checked_in_at), "H:i")
    messages_by_outcome = {
        Outcome.WELCOME: _("Welcome! %(places)s places, slot of %(slot)s."),
        Outcome.ALREADY: _("Already checked in at %(at)s."),
        Outcome.WRONG_DAY: _("Wrong day: this ticket is for another day."),
        Outcome.WRONG_SITE: _("Wrong site: this ticket is for another factory."),
        Outcome.CANCELLED: _("This booking was cancelled."),
        Outcome.UNKNOWN: _("Unknown code: check it or search by name."),
    }
    payload["message"] = messages_by_outcome[result.outcome] % {
        "places": payload.get("places", ""),
        "slot": payload.get("slot", ""),
        "at": payload.get("at", ""),
    }
    return payload


@login_required
@require_POST
def checkin_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """The typed-code and name-search form, without JavaScript."""
    participation, day = _checkin_context(request, site_id, day_id)
    result = check_in(participation, day, request.POST.get("code", ""), request.user)
    request.session["checkin_result"] = _result_payload(result)
    return redirect("backoffice:checkin", site_id=site_id, day_id=day_id)


@login_required
@require_POST
def walkins_submit(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    try:
        record_walk_ins(
            participation,
            day,
            request.POST.get("category", ""),
            int(request.POST.get("count", "0")),
            request.POST.get("client_key", "")[:64] or uuid.uuid4().hex,
            request.user,
        )
    except ValueError:
        messages.error(request, _("Choose who came and how many (1 to 500)."))
    else:
        messages.success(request, _("Walk-ins recorded."))
    return redirect("backoffice:checkin", site_id=site_id, day_id=day_id)


def _json_body(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@login_required
@require_POST
def checkin_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    result = check_in(participation, day, str(_json_body(request).get("code", "")), request.user)
    return JsonResponse({**_result_payload(result), "counts": _counts(participation, day)})


@login_required
@require_POST
def walkins_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    data = _json_body(request)
    try:
        count = int(data.get("count", 0))
        key = str(data.get("client_key", ""))[:64]
        if len(key) < 8:
            raise ValueError(key)
        record_walk_ins(participation, day, str(data.get("category", "")), count, key, request.user)
    except (TypeError, ValueError):
        return JsonResponse({"detail": _("Choose who came and how many (1 to 500).")}, status=422)
    return JsonResponse({"ok": True, "counts": _counts(participation, day)})


@login_required
@require_GET
def counts_api(request: HttpRequest, site_id: int, day_id: int) -> JsonResponse:
    participation, day = _checkin_context(request, site_id, day_id)
    return JsonResponse({"counts": _counts(participation, day)})
