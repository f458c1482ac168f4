"""A host's ballot page: setting its visit to ballot mode (entries instead of instant
booking, places drawn after the close by the organisers), and what its ballots gave."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines.ballots import services
from usines.ballots.exceptions import BallotError
from usines.ballots.forms import BallotSetupForm
from usines.ballots.models import Ballot
from usines.hosts.access import participation_or_404


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, site_id: int) -> HttpResponse:
    participation = participation_or_404(request, site_id)
    visit = getattr(participation, "visit", None)
    if visit is None:
        raise Http404
    form = BallotSetupForm(request.POST or None, visits=[visit], whole_phase=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_ballot(
                participation.edition,
                form.cleaned_data["audience"],
                form.cleaned_data["opens_at"],
                form.cleaned_data["closes_at"],
                form.cleaned_data["max_choices"],
                form.cleaned_data["priority_first_time"],
                visit=visit,
                actor=request.user,
            )
        except BallotError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your visit is in ballot mode: its slots are entered, not booked.")
            )
            return redirect("hosts:ballot", site_id=site_id)
    ballots = Ballot.objects.filter(visit=visit).annotate(
        entrants=Count("entries"),
        winners=Count("entries", filter=Q(entries__won_slot__isnull=False)),
    )
    return render(
        request,
        "hosts/ballot.html",
        {
            "participation": participation,
            "site": participation.site,
            "ballots": ballots,
            "form": form,
        },
    )
