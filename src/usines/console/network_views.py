"""The organisers' pages about partner networks: the list, a new network, a network's
name and relays. Relays join a network by invitation (console/people_views.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.console.people_forms import NetworkForm
from usines.factories.scope import is_organiser
from usines.outreach.models import Network
from usines.outreach.prospects import recruiting_edition
from usines.people import queries


def _organiser(request: HttpRequest) -> None:
    if not is_organiser(request.user):
        raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def networks(request: HttpRequest) -> HttpResponse:
    _organiser(request)
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        network = form.save()
        messages.success(request, _("The network %(name)s is created.") % {"name": network.name})
        return redirect("console:network", network_id=network.pk)
    edition = recruiting_edition()
    rows = Network.objects.annotate(
        relay_count=Count("relays", distinct=True),
        prospect_count=Count("prospects", filter=Q(prospects__edition=edition), distinct=True),
    ).order_by("name")
    return render(
        request,
        "console/networks.html",
        {"form": form, "networks": rows, "edition": edition},
    )


@login_required
@require_http_methods(["GET", "POST"])
def network(request: HttpRequest, network_id: int) -> HttpResponse:
    _organiser(request)
    item = get_object_or_404(Network, pk=network_id)
    form = NetworkForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The network is renamed."))
        return redirect("console:network", network_id=item.pk)
    return render(
        request,
        "console/network.html",
        {
            "network": item,
            "form": form,
            "relays": queries.relays(request.user, network=item),
            "invitations": queries.open_invitations(request.user).filter(network=item),
        },
    )
