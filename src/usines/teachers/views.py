"""Teachers' pages: their school, booking a class, its visit sheet and name list.

A teacher reaches the class bookings of its own school only; anything else answers 404.
"""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines.ballots.queries import pending_ballot_id
from usines.bookings.exceptions import BookingError, PlacesAvailable, SlotFull
from usines.bookings.models import WITH_VISIT, Booking, BookingStatus, WaitlistEntry
from usines.bookings.rules import max_party_size
from usines.bookings.services import cancel_booking
from usines.bookings.tickets import ticket_qr_png, ticket_qr_svg
from usines.editions.calendar import day_openings
from usines.editions.models import Audience, Edition
from usines.factories.models import ParticipationStatus, Site, Slot
from usines.schools import membership, services, timetables
from usines.schools.models import (
    ClassGroup,
    ClassList,
    CoachRequest,
    Level,
    SchoolInvitation,
    TeacherSchool,
)
from usines.teachers.forms import (
    ClassForm,
    ClassListForm,
    ClassSearchForm,
    ColleagueForm,
    SchoolForm,
)
from usines.ui.pdf import pdf_response


def _link_or_none(request: HttpRequest) -> TeacherSchool | None:
    return TeacherSchool.objects.select_related("school").filter(teacher=request.user).first()


def _school_or_none(request: HttpRequest):
    """The teacher's school once the teacher is confirmed in it; until then, none:
    nothing of a school is shown to someone who has not proved they teach there."""
    link = _link_or_none(request)
    return link.school if link and link.is_confirmed else None


def class_booking(request: HttpRequest, booking_id: int) -> Booking:
    school = _school_or_none(request)
    if school is None:
        raise Http404
    return get_object_or_404(
        Booking.objects.select_related("class_group__school", *WITH_VISIT),
        pk=booking_id,
        class_group__school=school,
    )


@login_required
@require_http_methods(["GET", "POST"])
def home(request: HttpRequest) -> HttpResponse:
    link = _link_or_none(request)
    school = _school_or_none(request)
    form = SchoolForm(request.POST or None, initial={"uai": link.school.uai if link else ""})
    if request.method == "POST" and form.is_valid():
        membership.claim_school(request.user, form.school())
        messages.success(request, _("Your school is saved; it now confirms that you teach there."))
        return redirect("teachers:home")
    bookings = []
    waiting = []
    search_form = None
    if school is not None:
        search_form = ClassSearchForm(edition=Edition.objects.current())
        bookings = (
            Booking.objects.filter(class_group__school=school)
            .select_related("class_group", *WITH_VISIT)
            .order_by("slot__starts_at")
        )
        waiting = WaitlistEntry.objects.filter(
            class_group__school=school, status__in=("waiting", "offered")
        ).select_related("class_group", *WITH_VISIT)
    edition = Edition.objects.current()
    school_days = (
        day_openings(edition, edition.days.filter(audience=Audience.SCHOOL), timezone.now())
        if edition
        else []
    )
    return render(
        request,
        "teachers/home.html",
        {
            "edition": edition,
            "school_days": school_days,
            "link": link,
            "school": school,
            "form": form,
            "search_form": search_form,
            "invite_form": ColleagueForm(),
            "bookings": bookings,
            "waiting": waiting,
        },
    )


@login_required
@require_POST
def invite_colleague(request: HttpRequest) -> HttpResponse:
    form = ColleagueForm(request.POST)
    if form.is_valid():
        try:
            membership.invite_colleague(request.user, form.cleaned_data["email"])
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
    else:
        messages.error(request, _("Enter your colleague's e-mail address."))
    return redirect("teachers:home")


@require_http_methods(["GET", "POST"])
def confirm_teacher(request: HttpRequest, token: str) -> HttpResponse:
    """The school's office confirms a teacher, from the link sent to its official
    address (no account needed). GET only shows what the button does, so that a
    mail client opening links ahead confirms nothing."""
    link = (
        TeacherSchool.objects.select_related("teacher", "school")
        .filter(school_token=token, confirmed_at__isnull=True)
        .first()
    )
    if request.method == "POST":
        try:
            membership.confirm_from_school(token)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            return render(request, "teachers/confirm_teacher.html", {"done": True, "link": link})
    return render(request, "teachers/confirm_teacher.html", {"link": link})


@login_required
@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(SchoolInvitation.objects.select_related("school"), token=token)
    if request.method == "POST":
        try:
            membership.accept_colleague_invitation(token, request.user)
        except BookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("You joined %(school)s: you can book for its classes.")
                % {"school": invitation.school.name},
            )
        return redirect("teachers:home")
    return render(request, "teachers/accept_invitation.html", {"invitation": invitation})


def _school_slot(slot_id: int) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("day__edition", "visit__participation__site__commune").filter(
            audience=Audience.SCHOOL,
            is_cancelled=False,
            visit__participation__status=ParticipationStatus.PUBLISHED,
        ),
        pk=slot_id,
    )


def _class_from_search(request: HttpRequest) -> dict:
    """The class's size and level as the search passed them, to start the form with."""
    initial = {}
    for name in ("pupils", "adults"):
        value = request.GET.get(name, "")
        if value.isdigit() and len(value) <= 2:
            initial[name] = int(value)
    if request.GET.get("level") in Level.values:
        initial["level"] = request.GET["level"]
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    slot = _school_slot(slot_id)
    if (ballot_id := pending_ballot_id(slot)) is not None:
        messages.info(request, _("This visit's places are drawn by lot: enter its ballot."))
        return redirect("teachers:ballot", ballot_id=ballot_id)
    school = _school_or_none(request)
    if school is None:
        messages.info(
            request,
            _("Tell us your school first; once it has confirmed you, book again."),
        )
        return redirect("teachers:home")
    form = ClassForm(
        request.POST or None,
        initial=_class_from_search(request),
        limit=max_party_size(slot),
        starts_at=timezone.localtime(slot.starts_at).time(),
    )
    full = False
    if request.method == "POST" and form.is_valid():
        wants_waitlist = request.POST.get("action") == "waitlist"
        try:
            if wants_waitlist:
                services.join_class_waitlist(
                    slot.pk,
                    request.user,
                    form.details(),
                    idempotency_key=form.cleaned_data["idempotency_key"],
                )
                messages.success(request, _("Your class is on the waiting list."))
                return redirect("teachers:home")
            result = services.book_class(
                slot.pk,
                request.user,
                form.details(),
                idempotency_key=form.cleaned_data["idempotency_key"],
                coach=form.coach_wish(),
            )
        except SlotFull as error:
            full = True
            form.add_error(None, error.message)
        except PlacesAvailable as error:
            form.add_error(None, error.message)
        except BookingError as error:
            form.add_error(None, error.message)
        else:
            if result.created:
                messages.success(request, _("Your class is booked."))
            return redirect("teachers:booking", booking_id=result.booking.pk)
    return render(
        request,
        "teachers/book.html",
        {
            "slot": slot,
            "site": slot.visit.participation.site,
            "school": school,
            "form": form,
            "full": full or slot.available == 0,
            "levels": [Level(code).label for code in services.welcomed_levels(slot)],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = class_booking(request, booking_id)
    site = booking.slot.visit.participation.site
    group = booking.class_group
    form = ClassListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_class_list(group, form.cleaned_data["names"])
        except BookingError as error:
            form.add_error("names", error.message)
        else:
            messages.success(request, _("The class list is sent to the host."))
            return redirect("teachers:booking", booking_id=booking.pk)
    return render(
        request,
        "teachers/booking.html",
        {
            "booking": booking,
            "group": group,
            "site": site,
            "visit": booking.slot.visit,
            "form": form,
            "has_list": ClassList.objects.filter(class_group=group).exists(),
            "coach": _coach_of(group),
            "coach_request": CoachRequest.objects.filter(class_group=group).first(),
            "status": BookingStatus,
            "qr_svg": ticket_qr_svg(booking),
            "hosts": _host_contacts(site),
        },
    )


@login_required
@require_POST
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = class_booking(request, booking_id)
    try:
        cancel_booking(booking.token)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The booking is cancelled; the places are free again."))
    return redirect("teachers:home")


def _coach_of(group: ClassGroup):
    """The accepted coach of a class, with its stops in order, their pick-up times and
    when this class is picked up; or None."""
    request = (
        CoachRequest.objects.select_related("pool")
        .filter(class_group=group, pool__accepted_at__isnull=False)
        .first()
    )
    if request is None:
        return None
    stops, timetable = timetables.stops_with_times(
        timetables.stops_of([request.pool_id])[request.pool_id]
    )
    return {
        "request": request,
        "pool": request.pool,
        "stops": stops,
        "pickup": timetable.pickup(request.pk) if timetable else None,
    }


def _host_contacts(site: Site) -> list:
    """Who to call about the visit: the site's team, as the teacher and the coach
    company need them on the day."""
    return list(site.team.order_by("pk").only("first_name", "last_name", "email"))


@login_required
@require_GET
def visit_sheet(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = class_booking(request, booking_id)
    visit = booking.slot.visit
    site = visit.participation.site
    return pdf_response(
        "teachers/visit_sheet.html",
        {
            "booking": booking,
            "group": booking.class_group,
            "slot": booking.slot,
            "site": site,
            "visit": visit,
            "jobs": visit.jobs.all(),
            "coach": _coach_of(booking.class_group),
            "hosts": _host_contacts(site),
            "qr_png": base64.b64encode(ticket_qr_png(booking)).decode(),
            "generated": timezone.localtime(),
        },
        f"fiche-visite-{booking.pk}.pdf",
    )
