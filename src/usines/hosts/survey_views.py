"""What hosts do for the surveys: show the exit QR codes of a day's slots, and give
their site's feedback once the event is over. A host never sees visitors' answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.hosts.access import participation_or_404
from usines.surveys.exceptions import SurveyError
from usines.surveys.forms import ResponseForm
from usines.surveys.links import exit_token, qr_svg
from usines.surveys.models import Moment, Response, SurveyAudience
from usines.surveys.services import (
    Link,
    check_feedback_open,
    current_questionnaire,
    submit_response,
)


@login_required
@require_GET
def exit_codes(request: HttpRequest, site_id: int, day_id: int) -> HttpResponse:
    """Every public slot of the day with its exit survey's code, to print."""
    participation = participation_or_404(request, site_id)
    slots = Slot.objects.filter(
        visit__participation=participation,
        day_id=day_id,
        is_cancelled=False,
        audience=Audience.PUBLIC,
    ).select_related("day")
    day = get_object_or_404(participation.edition.days, pk=day_id)
    codes = []
    for slot in slots:
        url = request.build_absolute_uri(reverse("surveys:exit", args=[exit_token(slot.pk)]))
        codes.append((slot, url, qr_svg(url, str(slot))))
    return render(
        request,
        "hosts/exit_codes.html",
        {"site": participation.site, "day": day, "codes": codes},
    )


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, site_id: int) -> HttpResponse:
    """The host questionnaire, answered once per site and edition by its team."""
    participation = participation_or_404(request, site_id)
    context = {"site": participation.site, "participation": participation}
    try:
        check_feedback_open(participation)
    except SurveyError as error:
        given = Response.objects.filter(participation=participation, moment=Moment.FEEDBACK).first()
        context.update({"refusal": error.message, "given": given})
        return render(request, "hosts/feedback.html", context)
    questionnaire = current_questionnaire(
        participation.edition, SurveyAudience.HOSTS, Moment.FEEDBACK
    )
    form = ResponseForm(request.POST or None, questionnaire=questionnaire)
    if request.method == "POST" and form.is_valid():
        link = Link(SurveyAudience.HOSTS, Moment.FEEDBACK, participation=participation)
        try:
            submit_response(questionnaire, link, form.cleaned_data)
        except SurveyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Thank you: your feedback is recorded."))
        return redirect("hosts:feedback", site_id=site_id)
    context.update({"questionnaire": questionnaire, "form": form})
    return render(request, "hosts/feedback.html", context)
