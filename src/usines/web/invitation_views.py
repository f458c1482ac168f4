"""The page an invitation's e-mailed link opens, whatever the role offered.

Anyone holding the link sees what it offers and to which address; accepting needs
the account of that address, logged in and confirmed (`people.services.refusal` says
why not, before the button is even shown).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.people import services as people
from usines.people.models import Invitation, InvitedRole


def _destination(invitation: Invitation):
    if invitation.role == InvitedRole.ORGANISER:
        return redirect("console:moderation")
    if invitation.role == InvitedRole.HOST:
        return redirect("hosts:site", site_id=invitation.site_id)
    return redirect("relays:prospects")


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    item = get_object_or_404(
        Invitation.objects.select_related("site", "network", "region", "invited_by"),
        token=token,
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            accepted = people.accept_invitation(token, request.user)
        except people.PeopleError as error:
            messages.error(request, error.message)
            return redirect("web:invitation", token=token)
        messages.success(request, _("Invitation accepted: welcome."))
        return _destination(accepted)
    if request.user.is_authenticated:
        problem = people.refusal(item, request.user)
    else:
        problem = None if item.is_open else people.InvitationNotOpen()
    return render(
        request,
        "web/invitation.html",
        {
            "invitation": item,
            "problem": problem,
            "departments": item.departments.order_by("code") if item.region_id is None else [],
        },
    )
