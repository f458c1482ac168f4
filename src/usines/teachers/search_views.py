"""Finding a visit for a class: the school-day slots near the teacher's school that
can take the whole class. Only a teacher its school has confirmed searches from it."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from usines.bookings.exceptions import BookingError
from usines.editions.models import Edition
from usines.schools import finder
from usines.schools.membership import confirmed_school
from usines.teachers.forms import ClassSearchForm

PAGE_SIZE = 20


@login_required
@require_GET
def find_visits(request: HttpRequest) -> HttpResponse:
    try:
        school = confirmed_school(request.user)
    except BookingError:
        messages.info(
            request,
            _("Tell us your school first; once it has confirmed you, find a visit for a class."),
        )
        return redirect("teachers:home")
    edition = Edition.objects.current()
    bound = "pupils" in request.GET
    form = ClassSearchForm(
        request.GET if bound else None,
        edition=edition,
        limit=edition.max_class_size if edition else None,
    )
    place = finder.school_place(school)
    page = None
    class_query = ""
    if bound and form.is_valid() and place is not None and edition is not None:
        data = form.cleaned_data
        slots = finder.slots_for_class(
            place,
            form.persons,
            data["radius"],
            level=data["level"],
            day_id=data["day"].pk if data["day"] else None,
            edition=edition,
        )
        page = Paginator(slots, PAGE_SIZE).get_page(request.GET.get("page"))
        for slot in page:
            slot.coach_hours, slot.coach_minutes = finder.coach_time(slot.distance_km)
        class_query = urlencode(
            {"pupils": data["pupils"], "adults": data["adults"], "level": data["level"]}
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "teachers/find_visits.html",
        {
            "school": school,
            "form": form,
            "place": place,
            "page": page,
            "query": query.urlencode(),
            "class_query": class_query,
            "far_km": finder.FAR_FOR_A_COACH_KM,
        },
    )
