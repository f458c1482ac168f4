"""The objects of a host's pages, loaded within the user's scope: a site, its
participation in the current edition, a slot. Anything outside answers 404."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from usines.factories.models import Participation, Site, Slot
from usines.factories.scope import sites_for
from usines.ui.shortcuts import current_edition_or_404


def site_or_404(request: HttpRequest, site_id: int) -> Site:
    return get_object_or_404(
        sites_for(request.user).select_related("commune__department__region", "naf__division"),
        pk=site_id,
    )


def participation_or_404(request: HttpRequest, site_id: int) -> Participation:
    """The site's participation in the current edition, within the user's scope."""
    site = site_or_404(request, site_id)
    participation = (
        Participation.objects.select_related("visit", "edition", "site")
        .filter(site=site, edition=current_edition_or_404())
        .first()
    )
    if participation is None:
        raise Http404
    return participation


def slot_or_404(request: HttpRequest, slot_id: int) -> Slot:
    return get_object_or_404(
        Slot.objects.select_related("day", "visit__participation__site").filter(
            visit__participation__site__in=sites_for(request.user)
        ),
        pk=slot_id,
    )
