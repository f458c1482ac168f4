"""The organisers' pages about people: who holds which role, inviting organisers, hosts
and relays, withdrawing a role. Roles are granted by invitation only (never typed in
the administration); every rule of who may do what is in `people.services`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usines.accounts.models import Role, User
from usines.console.people_forms import (
    HostInviteForm,
    OrganiserInviteForm,
    PeopleFilterForm,
    RelayInviteForm,
)
from usines.factories.scope import is_organiser, sites_for
from usines.outreach.models import Relay
from usines.people import queries
from usines.people import services as people
from usines.people.models import InvitedRole

PAGE_SIZE = 30


def _organiser(request: HttpRequest) -> None:
    if not is_organiser(request.user):
        raise Http404


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    """Organisers with their region, hosts by site, relays by network and territory."""
    _organiser(request)
    national = people.is_national(request.user)
    form = PeopleFilterForm(request.GET or None, national=national)
    filters = form.cleaned_data if form.is_valid() else {}
    role = filters.get("role") or InvitedRole.ORGANISER
    region, q = filters.get("region"), filters.get("q", "")
    if role == InvitedRole.HOST:
        rows = queries.team_members(request.user, region, q)
    elif role == InvitedRole.RELAY:
        rows = queries.relays(request.user, region, q, filters.get("network"))
    else:
        rows = queries.organisers(request.user, region, q)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    if role == InvitedRole.RELAY:
        for relay in page:
            relay.may_withdraw = people.reaches_territory(request.user, relay.departments.all())
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "console/people.html",
        {
            "form": form,
            "role": role,
            "page": page,
            "query": urlencode(query),
            "national": national,
            "invitations": queries.open_invitations(request.user)[:50],
            "withdrawals": queries.recent_withdrawals(request.user),
        },
    )


def _invite_page(request: HttpRequest, form, send, title: str) -> HttpResponse:
    """One invitation form: send it through `send(data)`, or show what to fix."""
    if request.method == "POST" and form.is_valid():
        try:
            send(form.cleaned_data)
        except people.PeopleError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]},
            )
            return redirect("console:people")
    return render(
        request,
        "console/invite.html",
        {"form": form, "title": title, "days": people.INVITATION_DAYS},
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_organiser(request: HttpRequest) -> HttpResponse:
    if not people.is_national(request.user):
        raise Http404
    return _invite_page(
        request,
        OrganiserInviteForm(request.POST or None),
        lambda data: people.invite_organiser(request.user, data["email"], data["region"]),
        _("Invite an organiser"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_host(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    form = HostInviteForm(
        request.POST or None, user=request.user, initial={"siret": request.GET.get("siret", "")}
    )
    return _invite_page(
        request,
        form,
        lambda data: people.invite_host(request.user, data["siret"], data["email"]),
        _("Invite a host to a site's team"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite_relay(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    region = None if people.is_national(request.user) else request.user.region
    form = RelayInviteForm(
        request.POST or None, region=region, initial={"network": request.GET.get("network")}
    )
    return _invite_page(
        request,
        form,
        lambda data: people.invite_relay(
            request.user, data["network"], data["email"], data["region"], data["departments"]
        ),
        _("Invite a relay of a partner network"),
    )


def _withdrawn(request: HttpRequest, withdraw, role: str) -> HttpResponse:
    try:
        withdraw()
    except people.PeopleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The role is withdrawn."))
    return redirect(f"{reverse('console:people')}?{urlencode({'role': role})}")


@login_required
@require_POST
def withdraw_organiser(request: HttpRequest, user_id: int) -> HttpResponse:
    if not people.is_national(request.user):
        raise Http404
    person = get_object_or_404(User, pk=user_id, role=Role.ORGANISER)
    return _withdrawn(
        request, lambda: people.withdraw_organiser(request.user, person), InvitedRole.ORGANISER
    )


@login_required
@require_POST
def withdraw_host(request: HttpRequest, site_id: int, user_id: int) -> HttpResponse:
    _organiser(request)
    site = get_object_or_404(sites_for(request.user), pk=site_id)
    person = get_object_or_404(site.team, pk=user_id)
    return _withdrawn(
        request, lambda: people.withdraw_host(request.user, site, person), InvitedRole.HOST
    )


@login_required
@require_POST
def withdraw_relay(request: HttpRequest, relay_id: int) -> HttpResponse:
    _organiser(request)
    relay = get_object_or_404(Relay.objects.select_related("user", "network"), pk=relay_id)
    if not people.reaches_territory(request.user, relay.departments.all()):
        raise Http404
    return _withdrawn(
        request, lambda: people.withdraw_relay(request.user, relay), InvitedRole.RELAY
    )
