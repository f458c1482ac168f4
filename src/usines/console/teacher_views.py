"""Organisers confirm the teachers of their region's schools whose office did not
(or cannot) confirm them from its official address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from usines.bookings.exceptions import BookingError
from usines.factories.scope import is_organiser
from usines.schools import membership

PAGE_SIZE = 50


@login_required
@require_GET
def teachers(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    pending = membership.pending_for(request.user).order_by("claimed_at", "pk")
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "console/teachers.html", {"page": page})


@login_required
@require_POST
def confirm_teacher(request: HttpRequest, link_id: int) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    try:
        link = membership.confirm_by_organiser(link_id, request.user)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(teacher)s is confirmed at %(school)s.")
            % {"teacher": link.teacher.email, "school": link.school.name},
        )
    return redirect("console:teachers")
