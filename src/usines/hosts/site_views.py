"""The hosts' pages about a site: register it, describe the visit, submit and publish
it, edit the site, its photos and its team, message the day's visitors.

Every view loads its site through `scope.sites_for(user)`: another host's site
answers 404. Each change calls one service and reports its error in words.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usines.accounts.models import Role
from usines.bookings import slots as slot_services
from usines.bookings.models import WaitlistEntry, WaitlistStatus
from usines.editions.calendar import Opening, edition_calendar
from usines.editions.models import Edition, PhaseKind
from usines.factories import edits, services
from usines.factories.exceptions import HostingError, SiretTaken
from usines.factories.models import (
    Participation,
    ParticipationStatus,
    Site,
    SitePhoto,
)
from usines.factories.scope import is_organiser, sites_for
from usines.hosts.access import participation_or_404, site_or_404
from usines.hosts.forms import (
    DayMessageForm,
    InviteForm,
    MessageRequiredForm,
    PhotoForm,
    SiteEditForm,
    SiteForm,
    VisitForm,
    changes_of,
)
from usines.people import services as people
from usines.people.models import Invitation
from usines.reference.models import NafCode
from usines.ui.maps import map_settings
from usines.ui.shortcuts import current_edition_or_404

FRANCE_CENTRE = (46.6, 2.4)


def _registration(edition: Edition) -> Opening:
    """Where the edition's registration phase stands now, for the pages to say."""
    return edition_calendar(edition).opening(PhaseKind.REGISTRATION, timezone.now())


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Where a log-in lands: organisers on their queue, hosts on their sites."""
    if is_organiser(request.user) and not request.GET.get("hote"):
        return redirect("console:moderation")
    if request.user.role == Role.TEACHER:
        return redirect("teachers:home")
    if request.user.role == Role.RELAY:
        return redirect("relays:prospects")
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
        "hosts/home.html",
        {
            "edition": edition,
            "rows": rows,
            "status": ParticipationStatus,
            "registration": _registration(edition) if edition else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def register_site(request: HttpRequest) -> HttpResponse:
    edition = current_edition_or_404()
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
            return redirect("hosts:visit", site_id=participation.site_id)
    return render(
        request,
        "hosts/register_site.html",
        {
            "form": form,
            "edition": edition,
            "registration": _registration(edition),
            "taken_site": taken_site,
            "naf_codes": NafCode.objects.order_by("code").values_list("code", "label"),
            "map": _pin_map(*(form.pin() or FRANCE_CENTRE), 13 if form.pin() else 5),
        },
    )


@login_required
@require_POST
def take_part_again(request: HttpRequest, site_id: int) -> HttpResponse:
    site = site_or_404(request, site_id)
    _run(
        request,
        lambda: services.take_part_again(site, request.user, current_edition_or_404()),
        _("Your site takes part again: check the visit copied from last time, then submit it."),
    )
    return redirect("hosts:site", site_id=site.pk)


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
    return redirect("hosts:home")


@login_required
def site_overview(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
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
    # The check-in pages: the days the visit really has, each with its audience.
    open_days = {slot.day_id: slot.day for slot in slots if not slot.is_cancelled}
    return render(
        request,
        "hosts/site.html",
        {
            "participation": participation,
            "site": participation.site,
            "visit": participation.visit,
            "slots": slots,
            "events": participation.events.select_related("actor"),
            "status": ParticipationStatus,
            "checkin_days": sorted(open_days.values(), key=lambda day: day.date),
            "registration": _registration(participation.edition),
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
    participation = participation_or_404(request, site_id)
    _run(
        request,
        lambda: services.submit_participation(participation, request.user),
        _("Your visit is submitted; the organisers will answer by e-mail."),
    )
    return redirect("hosts:site", site_id=site_id)


@login_required
@require_POST
def publish(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    _run(
        request,
        lambda: services.publish_participation(participation, request.user),
        _("Your visit is online: visitors can book it."),
    )
    return redirect("hosts:site", site_id=site_id)


@login_required
@require_POST
def withdraw(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    form = MessageRequiredForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write a message: your visitors will read it."))
    else:
        _run(
            request,
            lambda: slot_services.withdraw_participation(
                participation, request.user, form.cleaned_data["message"]
            ),
            _("Your participation is withdrawn; every booker has been told."),
        )
    return redirect("hosts:site", site_id=site_id)


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
    site = site_or_404(request, site_id)
    form = SiteEditForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            live = list(site.participations.filter(edition=Edition.objects.current()))
            edits.record_public_edit(live, request.user, changes_of(form))
        messages.success(request, _("The site is saved."))
        return redirect("hosts:site", site_id=site.pk)
    return render(
        request,
        "hosts/edit_site.html",
        {"form": form, "site": site, "map": _pin_map(site.latitude, site.longitude, 15)},
    )


@login_required
@require_POST
def message_day(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    form = DayMessageForm(request.POST, edition=participation.edition)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        slots = list(
            participation.visit.slots.filter(day=form.cleaned_data["day"], is_cancelled=False)
        )
        count = slot_services.message_bookers(
            slots, form.cleaned_data["subject"], form.cleaned_data["body"]
        )
        messages.success(request, _("Your message goes to %(count)s bookers.") % {"count": count})
    return redirect("hosts:site", site_id=site_id)


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    form = VisitForm(request.POST or None, instance=participation.visit)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            edits.record_public_edit([participation], request.user, changes_of(form))
        messages.success(request, _("The visit is saved."))
        return redirect("hosts:site", site_id=site_id)
    return render(
        request,
        "hosts/visit.html",
        {"form": form, "participation": participation, "site": participation.site},
    )


@login_required
@require_http_methods(["GET", "POST"])
def photos(request: HttpRequest, site_id: int) -> HttpResponse:
    site = site_or_404(request, site_id)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.add_photo(site, form.cleaned_data["image"], form.cleaned_data["description"])
        messages.success(request, _("The photo is added."))
        return redirect("hosts:photos", site_id=site.pk)
    return render(
        request, "hosts/photos.html", {"form": form, "site": site, "photos": site.photos.all()}
    )


@login_required
@require_POST
def delete_photo(request: HttpRequest, site_id: int, photo_id: int) -> HttpResponse:
    site = site_or_404(request, site_id)
    services.delete_photo(get_object_or_404(SitePhoto, pk=photo_id, site=site))
    messages.success(request, _("The photo is deleted."))
    return redirect("hosts:photos", site_id=site.pk)


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, site_id: int) -> HttpResponse:
    site = site_or_404(request, site_id)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people.invite_host(request.user, site, form.cleaned_data["email"])
        except people.PeopleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("hosts:team", site_id=site.pk)
    return render(
        request,
        "hosts/team.html",
        {
            "site": site,
            "form": form,
            "members": site.team.order_by("last_name", "email"),
            "invitations": Invitation.objects.open().filter(site=site),
        },
    )
