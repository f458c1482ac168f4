"""The editions' pages: the list, one edition (its days, phases and targets), and for
national organisers creating and editing them, preparing next year's, inviting
last year's hosts back.

Every organiser reads them; only a national organiser (or a superuser) changes
anything: a regional organiser gets 403 on the pages that write, anyone else 404.
Each change calls one service and shows its error in words.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from usines.console.edition_forms import (
    DayFormSet,
    EditionForm,
    NoShowRulesForm,
    PhasesForm,
    TargetsForm,
)
from usines.editions import services
from usines.editions.calendar import edition_calendar
from usines.editions.exceptions import EditionError, EditionExists
from usines.editions.models import Edition, PhaseKind, TargetMetric
from usines.factories import returning
from usines.factories.exceptions import HostingError
from usines.factories.scope import is_organiser


def _can_edit(request: HttpRequest) -> bool:
    return request.user.is_superuser or request.user.is_national_organiser


def _reader(request: HttpRequest) -> None:
    if not is_organiser(request.user):
        raise Http404


def _editor(request: HttpRequest) -> None:
    _reader(request)
    if not _can_edit(request):
        raise PermissionDenied(_("Only national organisers change editions."))


@login_required
def editions(request: HttpRequest) -> HttpResponse:
    _reader(request)
    return render(
        request,
        "console/editions/list.html",
        {
            "editions": Edition.objects.annotate(day_count=Count("days")).order_by("-year", "-pk"),
            "current": Edition.objects.current(),
            "can_edit": _can_edit(request),
        },
    )


@login_required
def edition_detail(request: HttpRequest, edition_id: int) -> HttpResponse:
    _reader(request)
    edition = get_object_or_404(Edition.objects.prefetch_related("phases"), pk=edition_id)
    now = timezone.now()
    calendar = edition_calendar(edition)
    phases = {phase.kind: phase for phase in edition.phases.all()}
    values = {}
    if edition.target_factories:  # the national one, unless a target row says otherwise
        values[None] = {TargetMetric.FACTORIES: edition.target_factories}
    for target in edition.targets.select_related("region"):
        values.setdefault(target.region, {})[target.metric] = target.value
    targets = [
        (region.name if region else _("France"), [row.get(metric) for metric in TargetMetric])
        for region, row in sorted(
            values.items(), key=lambda item: (item[0] is not None, item[0] and item[0].name)
        )
    ]
    return render(
        request,
        "console/editions/detail.html",
        {
            "edition": edition,
            "days": [(day, calendar.day_opening(day, now)) for day in edition.days.all()],
            "phases": [
                (label, phases.get(kind), calendar.opening(kind, now))
                for kind, label in PhaseKind.choices
            ],
            "targets": targets,
            "metrics": TargetMetric.choices,
            "can_edit": _can_edit(request),
        },
    )


def _edition_form_page(request: HttpRequest, edition: Edition | None) -> HttpResponse:
    form = EditionForm(request.POST or None, instance=edition)
    days = DayFormSet(request.POST or None, instance=edition or Edition(), prefix="days")
    if request.method == "POST" and form.is_valid() and days.is_valid():
        kept, removed = days.changes()
        try:
            if edition is None:
                edition = services.create_edition(form.edition_settings(), kept)
                messages.success(
                    request,
                    _("The edition is created, with phases that follow its days: check them."),
                )
                return redirect("console:edition_phases", edition_id=edition.pk)
            services.update_edition(edition, form.edition_settings(), kept, removed)
        except EditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The edition is saved."))
            return redirect("console:edition", edition_id=edition.pk)
    return render(
        request, "console/editions/form.html", {"form": form, "days": days, "edition": edition}
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_create(request: HttpRequest) -> HttpResponse:
    _editor(request)
    return _edition_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def edition_edit(request: HttpRequest, edition_id: int) -> HttpResponse:
    _editor(request)
    return _edition_form_page(request, get_object_or_404(Edition, pk=edition_id))


@login_required
@require_http_methods(["GET", "POST"])
def edition_phases(request: HttpRequest, edition_id: int) -> HttpResponse:
    _editor(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    form = PhasesForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_phases(edition, form.periods())
        except EditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The phases are saved."))
            return redirect("console:edition", edition_id=edition.pk)
    return render(request, "console/editions/phases.html", {"form": form, "edition": edition})


@login_required
@require_http_methods(["GET", "POST"])
def edition_targets(request: HttpRequest, edition_id: int) -> HttpResponse:
    _editor(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    form = TargetsForm(request.POST or None, edition=edition)
    if request.method == "POST" and form.is_valid():
        services.set_targets(edition, form.values())
        messages.success(request, _("The targets are saved."))
        return redirect("console:edition", edition_id=edition.pk)
    return render(
        request,
        "console/editions/targets.html",
        {"form": form, "edition": edition, "metrics": TargetMetric.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edition_noshow(request: HttpRequest, edition_id: int) -> HttpResponse:
    """Release of places not checked in, reminders and reconfirmation."""
    _editor(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    form = NoShowRulesForm(request.POST or None, instance=edition)
    if request.method == "POST" and form.is_valid():
        services.set_noshow_rules(edition, form.cleaned_data)
        messages.success(request, _("The rules for empty places are saved."))
        return redirect("console:edition", edition_id=edition.pk)
    return render(request, "console/editions/noshow.html", {"form": form, "edition": edition})


@login_required
@require_POST
def prepare_next_edition(request: HttpRequest, edition_id: int) -> HttpResponse:
    _editor(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    try:
        copy = services.prepare_next_edition(edition)
    except EditionExists as error:
        messages.error(request, error.message)
        return redirect("console:edition", edition_id=error.edition.pk)
    messages.success(
        request,
        _("%(name)s is prepared as a draft: check its days, phases and targets, then publish it.")
        % {"name": copy.name},
    )
    return redirect("console:edition", edition_id=copy.pk)


@login_required
@require_POST
def invite_previous_hosts(request: HttpRequest, edition_id: int) -> HttpResponse:
    _editor(request)
    edition = get_object_or_404(Edition, pk=edition_id)
    try:
        count = returning.invite_previous_hosts(edition)
    except HostingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s site of last year is invited to take part again.",
                "%(count)s sites of last year are invited to take part again.",
                count,
            )
            % {"count": count},
        )
    return redirect("console:edition", edition_id=edition.pk)
