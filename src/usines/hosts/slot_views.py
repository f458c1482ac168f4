"""The hosts' pages about the slots of a visit: open them, change one (capacity,
cancellation, message), the attendee lists, who came, and a class booked on a slot.

Every view loads its objects within the user's scope: anything else answers 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from usines.bookings import slots as slot_services
from usines.bookings.checkin import attendance, slot_attendance
from usines.bookings.exceptions import BookingError
from usines.bookings.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from usines.bookings.search import matching
from usines.factories import services
from usines.factories.exceptions import HostingError
from usines.factories.models import Participation
from usines.factories.scope import sites_for
from usines.hosts import exports
from usines.hosts.access import participation_or_404, slot_or_404
from usines.hosts.forms import (
    BookersMessageForm,
    CapacityForm,
    MessageRequiredForm,
    PresenceForm,
    SlotDayForm,
)
from usines.schools import services as schools
from usines.schools.models import ClassGroup, ClassList
from usines.ui.pdf import pdf_response


@login_required
@require_http_methods(["GET", "POST"])
def slots(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
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
            return redirect("hosts:site", site_id=site_id)
    return render(
        request,
        "hosts/slots.html",
        {"form": form, "participation": participation, "site": participation.site},
    )


BOOKINGS_PAGE_SIZE = 50


@login_required
@require_http_methods(["GET", "POST"])
def slot_detail(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = slot_or_404(request, slot_id)
    capacity_form = CapacityForm(initial={"capacity": slot.capacity})
    cancel_form = MessageRequiredForm()
    message_form = BookersMessageForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "capacity":
            capacity_form = CapacityForm(request.POST)
            if capacity_form.is_valid():
                try:
                    slot_services.change_capacity(slot, capacity_form.cleaned_data["capacity"])
                except HostingError as error:
                    capacity_form.add_error("capacity", error.message)
                else:
                    messages.success(request, _("The capacity is changed."))
                    return redirect("hosts:slot", slot_id=slot.pk)
        elif action == "cancel":
            cancel_form = MessageRequiredForm(request.POST)
            if cancel_form.is_valid():
                count = slot_services.cancel_slot(slot, cancel_form.cleaned_data["message"])
                messages.success(
                    request,
                    _("The slot is cancelled; %(count)s bookers are told.") % {"count": count},
                )
                return redirect("hosts:site", site_id=slot.visit.participation.site_id)
        elif action == "message":
            message_form = BookersMessageForm(request.POST)
            if message_form.is_valid():
                count = slot_services.message_bookers(
                    [slot], message_form.cleaned_data["subject"], message_form.cleaned_data["body"]
                )
                messages.success(
                    request, _("Your message goes to %(count)s bookers.") % {"count": count}
                )
                return redirect("hosts:slot", slot_id=slot.pk)
    search = request.GET.get("q", "").strip()[:100]
    bookings = Booking.objects.filter(slot=slot, status=BookingStatus.CONFIRMED)
    if search:
        bookings = matching(bookings, search, email=True)
    page = Paginator(
        bookings.select_related("class_group__teacher").order_by("name", "pk"), BOOKINGS_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "hosts/slot.html",
        {
            "slot": slot,
            "site": slot.visit.participation.site,
            "page": page,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
            "waiting": WaitlistEntry.objects.filter(
                slot=slot, status__in=(WaitlistStatus.WAITING, WaitlistStatus.OFFERED)
            ).count(),
            "capacity_form": capacity_form,
            "cancel_form": cancel_form,
            "message_form": message_form,
        },
    )


@login_required
@require_GET
def export(request: HttpRequest, site_id: int, fmt: str) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    day = None
    if request.GET.get("day"):
        wanted = request.GET["day"]
        if not (wanted.isdigit() and len(wanted) <= 18):  # not a day's id: no such page
            raise Http404
        day = get_object_or_404(participation.edition.days, pk=wanted)
    groups = exports.slots_with_bookings(participation, day)
    filename = exports.filename(participation.site, day)
    if fmt != "pdf":
        return exports.download(groups, fmt, filename)
    return pdf_response(
        "hosts/attendees_pdf.html",
        {"participation": participation, "site": participation.site, "groups": groups},
        f"{filename}.pdf",
    )


@login_required
def attendance_view(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    slots = list(participation.visit.slots.filter(is_cancelled=False).select_related("day"))
    # The days the visit really has, not every day of the edition.
    days = sorted({slot.day_id: slot.day for slot in slots}.values(), key=lambda day: day.date)
    per_slot = slot_attendance(slots)
    for slot in slots:
        slot.figures = per_slot.get(slot.pk, {"booked": 0, "present": 0, "bookings": 0})
    one = Participation.objects.filter(pk=participation.pk)
    return render(
        request,
        "hosts/attendance.html",
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


# --- A class booked on a slot: its name list (sensitive sites only), who came -------


def _hosted_class(request: HttpRequest, group_id: int) -> ClassGroup:
    return get_object_or_404(
        ClassGroup.objects.select_related("school", "booking__slot__visit__participation__site"),
        pk=group_id,
        booking__slot__visit__participation__site__in=sites_for(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def host_class(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _hosted_class(request, group_id)
    form = PresenceForm(
        request.POST or None,
        initial={
            "pupils": group.present_pupils if group.present_pupils is not None else group.pupils,
            "girls": group.present_girls if group.present_girls is not None else group.girls,
            "adults": group.present_adults if group.present_adults is not None else group.adults,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            schools.record_class_presence(
                group,
                form.cleaned_data["pupils"],
                form.cleaned_data["girls"],
                form.cleaned_data["adults"],
            )
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Who came is recorded."))
            return redirect("hosts:host_class", group_id=group.pk)
    name_list = ClassList.objects.filter(class_group=group).first()
    return render(
        request,
        "hosts/class.html",
        {
            "group": group,
            "booking": group.booking,
            "site": group.booking.slot.visit.participation.site,
            "form": form,
            "name_list": name_list,
        },
    )
