"""The surveys visitors and pupils answer, without an account: the before and after
surveys of a booking (links in its e-mails), the exit QR code of a slot, and a class's
shared links. Each page loads what its link stands for, answers with the survey's own
rules (`surveys.services`) and keeps, on the device, which response it gave."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines import limits
from usines.bookings.models import WITH_VISIT, Booking
from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.surveys import links
from usines.surveys.exceptions import SurveyError
from usines.surveys.forms import ResponseForm
from usines.surveys.models import Moment, SurveyAudience
from usines.surveys.services import (
    Link,
    check_open,
    current_questionnaire,
    existing_response,
    initial_values,
    submit_response,
)


def _answer(request: HttpRequest, link: Link, slot: Slot, cookie_link: str = "") -> HttpResponse:
    """Show the questionnaire `link` answers (with its earlier answers, if any) and
    record a sent one. `cookie_link` names a shared link: the device keeps its key."""
    context = {"slot": slot, "moment": link.moment, "audience": link.audience}
    try:
        check_open(slot, link.moment)
    except SurveyError as error:
        context["refusal"] = error.message
        return render(request, "web/survey.html", context)
    edition = slot.day.edition
    questionnaire = current_questionnaire(edition, link.audience, link.moment)
    previous = existing_response(link)
    initial = initial_values(previous) if previous else None
    if request.method == "POST":
        limits.check(request, limits.SURVEY_BY_ADDRESS)
    form = ResponseForm(request.POST or None, questionnaire=questionnaire, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            response = submit_response(questionnaire, link, form.cleaned_data)
        except SurveyError as error:
            context["refusal"] = error.message
            return render(request, "web/survey.html", context)
        messages.success(request, _("Thank you: your answers are recorded."))
        answer = redirect(request.path)
        if cookie_link:
            links.remember_device(answer, cookie_link, response.respondent_key)
        if link.booking is not None and link.audience == SurveyAudience.PUBLIC:
            links.remember_booking(answer, link.booking.pk)
        return answer
    context.update({"questionnaire": questionnaire, "form": form, "previous": previous})
    return render(request, "web/survey.html", context)


def _booking(token: str) -> Booking:
    booking = get_object_or_404(
        Booking.objects.select_related(*WITH_VISIT), token=token, class_group__isnull=True
    )
    if not booking.is_active:
        raise Http404
    return booking


@require_http_methods(["GET", "POST"])
def before(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    link = Link(SurveyAudience.PUBLIC, Moment.BEFORE, booking=booking, slot=booking.slot)
    return _answer(request, link, booking.slot)


@require_http_methods(["GET", "POST"])
def after(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking(token)
    link = Link(SurveyAudience.PUBLIC, Moment.AFTER, booking=booking, slot=booking.slot)
    return _answer(request, link, booking.slot)


@require_http_methods(["GET", "POST"])
def exit_survey(request: HttpRequest, token: str) -> HttpResponse:
    """The slot's exit QR code: the after survey, counted for this device's booking
    when its before survey was answered on it, else anonymously for the slot."""
    slot_id = links.exit_slot_id(token)
    if slot_id is None:
        raise Http404
    slot = get_object_or_404(
        Slot.objects.select_related("day__edition", "visit__participation__site__commune"),
        pk=slot_id,
        audience=Audience.PUBLIC,
        is_cancelled=False,
    )
    booking_id = links.device_booking_id(request)
    booking = Booking.objects.filter(pk=booking_id, slot=slot).first() if booking_id else None
    if booking is not None and booking.is_active:
        link = Link(SurveyAudience.PUBLIC, Moment.AFTER, booking=booking, slot=slot)
        return _answer(request, link, slot)
    key = links.device_key(request, token)
    link = Link(SurveyAudience.PUBLIC, Moment.AFTER, slot=slot, respondent_key=key)
    return _answer(request, link, slot, cookie_link=token)


@require_http_methods(["GET", "POST"])
def class_survey(request: HttpRequest, token: str) -> HttpResponse:
    """A class's shared link: each pupil's phone answers once (again: changes its
    answers), at most as many phones as the class has pupils."""
    found = links.class_link(token)
    if found is None:
        raise Http404
    booking_id, moment = found
    booking = get_object_or_404(
        Booking.objects.select_related(*WITH_VISIT, "class_group"),
        pk=booking_id,
        class_group__isnull=False,
    )
    if not booking.is_active:
        raise Http404
    key = links.device_key(request, token)
    link = Link(
        SurveyAudience.PUPILS, moment, booking=booking, slot=booking.slot, respondent_key=key
    )
    return _answer(request, link, booking.slot, cookie_link=token)
