"""The next edition's list for the organisers: how many asked, confirmed and left,
by where they asked and their language, and the confirmed addresses for the
mailing tool.

The list is national (nobody gives a region when subscribing): every organiser
reads the counts, which hold no address; only a national organiser (or a
superuser) downloads the addresses.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from usines import spreadsheets
from usines.factories.scope import is_organiser
from usines.mailinglist import services
from usines.mailinglist.models import Source, SubscriptionStatus


def _is_national(request: HttpRequest) -> bool:
    return request.user.is_superuser or request.user.is_national_organiser


def _rows(grouped: list[tuple[str, dict[str, int]]], labels: dict[str, str]) -> list:
    """(label, counts in the order of SubscriptionStatus) for each group."""
    return [
        (labels.get(key, key), [counts[status] for status in SubscriptionStatus])
        for key, counts in grouped
    ]


@login_required
@require_GET
def mailing_list(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    counts = services.list_counts()
    return render(
        request,
        "console/mailinglist.html",
        {
            "statuses": SubscriptionStatus.labels,
            "totals": [counts.by_status[status] for status in SubscriptionStatus],
            "by_source": _rows(counts.by_source, dict(Source.choices)),
            "by_language": _rows(counts.by_language, dict(settings.LANGUAGES)),
            "may_export": _is_national(request),
            "confirm_days": services.CONFIRM_DAYS,
            "kept_days": services.PENDING_KEPT_DAYS,
        },
    )


@login_required
@require_GET
def mailing_list_export(request: HttpRequest) -> HttpResponse:
    """The confirmed subscribers only, as CSV for the mailing tool."""
    if not is_organiser(request.user):
        raise Http404
    if not _is_national(request):
        raise PermissionDenied(_("Only national organisers download the list's addresses."))
    header = [_("E-mail"), _("Language"), _("Confirmed at"), _("Unsubscribe link")]
    filename = f"lettre-abonnes-{timezone.localdate():%Y-%m-%d}"
    return spreadsheets.download(header, services.confirmed_subscribers(), "csv", filename)
