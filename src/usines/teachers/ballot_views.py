"""A school-day ballot from the teacher's space: the class entered as one unit with
ranked choices. Its page afterwards is the entry's own (`web:ballot_entry`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines import limits
from usines.ballots import services
from usines.ballots.exceptions import AlreadyEntered
from usines.ballots.models import Ballot
from usines.ballots.queries import is_taking_entries
from usines.editions.models import Audience
from usines.errors import DomainError
from usines.limits import Limit
from usines.schools.membership import confirmed_school
from usines.teachers.ballot_forms import ClassEntryForm

CLASS_ENTRY_BY_ACCOUNT = Limit("ballot-class", "30/h", by_address=False)


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, ballot_id: int) -> HttpResponse:
    ballot = get_object_or_404(
        Ballot.objects.select_related("edition", "visit__participation__site"),
        pk=ballot_id,
        audience=Audience.SCHOOL,
    )
    try:
        school = confirmed_school(request.user)
    except DomainError:
        messages.info(
            request, _("Tell us your school first; once it has confirmed you, enter the ballot.")
        )
        return redirect("teachers:home")
    open_now = is_taking_entries(ballot)
    form = ClassEntryForm(request.POST or None, ballot=ballot) if open_now else None
    if form is not None and request.method == "POST" and form.is_valid():
        limits.check(request, CLASS_ENTRY_BY_ACCOUNT, value=str(request.user.pk))
        try:
            entry, created = services.enter_class(
                ballot,
                request.user,
                form.details(),
                form.choices(),
                idempotency_key=form.cleaned_data["idempotency_key"] or None,
                language=get_language(),
            )
        except AlreadyEntered as error:
            messages.info(request, error.message)
            return redirect("teachers:home")
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, _("Your class's entry is received."))
            return redirect("web:ballot_entry", token=entry.token)
    return render(
        request,
        "teachers/ballot.html",
        {"ballot": ballot, "school": school, "form": form, "open_now": open_now},
    )
