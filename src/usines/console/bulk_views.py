"""Moderation of several sites at once: the ticked participations are approved, or
asked for the same changes, each on its own (factories.moderation); the page then
says which were done and why the others were not."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from usines.console.desk_forms import BulkDecisionForm
from usines.factories import moderation
from usines.factories.models import ParticipationAction
from usines.factories.scope import moderated_by


def _done(decision: str, done: list) -> str:
    n, sites = len(done), ", ".join(item.site.name for item in done)
    if decision == ParticipationAction.APPROVED:
        text = ngettext("%(n)s site approved: %(sites)s.", "%(n)s sites approved: %(sites)s.", n)
    else:
        text = ngettext(
            "Changes asked of %(n)s site: %(sites)s.", "Changes asked of %(n)s sites: %(sites)s.", n
        )
    return text % {"n": n, "sites": sites}


@login_required
@require_POST
def bulk_decide(request: HttpRequest) -> HttpResponse:
    scope = moderated_by(request.user).select_related("site")
    form = BulkDecisionForm(request.POST, participations=scope)
    back = reverse("console:moderation")
    query = QueryDict(request.POST.get("query", "")[:500]).urlencode()
    if query:
        back += "?" + query
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    decision = form.cleaned_data["decision"]
    outcome = moderation.decide_many(
        form.cleaned_data["participations"].order_by("pk"),
        request.user,
        decision,
        form.cleaned_data["message"],
    )
    if outcome.done:
        messages.success(request, _done(decision, outcome.done))
    for refusal in outcome.refused:
        messages.warning(
            request,
            _("%(site)s (%(status)s): not done. %(reason)s")
            % {
                "site": refusal.participation.site.name,
                "status": refusal.participation.get_status_display(),
                "reason": refusal.reason,
            },
        )
    return redirect(back)
