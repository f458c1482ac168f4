"""Which region an organiser's page is about."""

from django.http import HttpRequest

from usines.reference.models import Region


def region_shown(request: HttpRequest) -> Region | None:
    """The region an organiser's page is about: a regional organiser's own; for a
    national one, the region chosen with `?region=`, if any; else None (all France)."""
    if request.user.region_id:
        return request.user.region
    code = request.GET.get("region")
    return Region.objects.filter(pk=code).first() if code else None


def region_query(request: HttpRequest, region: Region | None) -> str:
    """`?region=` to keep on links, for a national organiser looking at one region."""
    return f"?region={region.pk}" if region and not request.user.region_id else ""
