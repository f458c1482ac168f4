"""The organisers' survey pages: each edition's questionnaires (national organisers
edit them, every organiser reads them) and the summary of the hosts' feedback within
the organiser's scope. Edits go through `surveys.editing`, which makes a new version
once a questionnaire has answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from usines.console.surveys_forms import QuestionForm, TitleForm
from usines.editions.models import Edition
from usines.factories.models import ParticipationStatus
from usines.factories.scope import is_organiser, participations_for
from usines.surveys import editing
from usines.surveys.defaults import DEFAULTS, ensure_default_questionnaires
from usines.surveys.exceptions import SurveyError
from usines.surveys.models import Questionnaire, Response
from usines.surveys.queries import feedback_summary
from usines.surveys.services import current_questionnaire


def _can_edit(request: HttpRequest) -> bool:
    return request.user.is_superuser or request.user.is_national_organiser


def _reader(request: HttpRequest) -> None:
    if not is_organiser(request.user):
        raise Http404


def _editor(request: HttpRequest) -> None:
    _reader(request)
    if not _can_edit(request):
        raise PermissionDenied(_("Only national organisers change the questionnaires."))


def _edition(request: HttpRequest) -> Edition:
    """The edition asked for (`?edition=`), else the current one, else the newest."""
    chosen = request.GET.get("edition", "")
    if chosen.isdigit():
        return get_object_or_404(Edition, pk=int(chosen))
    edition = Edition.objects.current() or Edition.objects.order_by("-year", "-pk").first()
    if edition is None:
        raise Http404
    return edition


def _questionnaire(edition_id: int, audience: str, moment: str) -> Questionnaire:
    if (audience, moment) not in DEFAULTS:
        raise Http404
    edition = get_object_or_404(Edition, pk=edition_id)
    return current_questionnaire(edition, audience, moment)


@login_required
@require_GET
def surveys(request: HttpRequest) -> HttpResponse:
    _reader(request)
    edition = _edition(request)
    ensure_default_questionnaires(edition)
    newest = {}
    for questionnaire in (
        Questionnaire.objects.filter(edition=edition)
        .annotate(question_count=Count("questions", distinct=True))
        .order_by("version")
    ):
        newest[(questionnaire.audience, questionnaire.moment)] = questionnaire
    answered = _response_counts(edition)
    rows = [(newest[pair], answered.get(pair, 0)) for pair in DEFAULTS if pair in newest]
    return render(
        request,
        "console/surveys/list.html",
        {
            "edition": edition,
            "editions": Edition.objects.order_by("-year", "-pk"),
            "rows": rows,
            "can_edit": _can_edit(request),
        },
    )


def _response_counts(edition: Edition) -> dict[tuple[str, str], int]:
    counts = (
        Response.objects.filter(edition=edition)
        .values("audience", "moment")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["audience"], row["moment"]): row["n"] for row in counts}


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, edition_id: int, audience: str, moment: str):
    _reader(request)
    current = _questionnaire(edition_id, audience, moment)
    form = TitleForm(
        request.POST or None, initial={"title": current.title, "title_en": current.title_en}
    )
    if request.method == "POST":
        _editor(request)
        if form.is_valid():
            data = form.cleaned_data
            _apply(request, editing.retitle, current, data["title"], data["title_en"])
            return redirect(request.path)
    return render(
        request,
        "console/surveys/questionnaire.html",
        {
            "questionnaire": current,
            "questions": current.questions.prefetch_related("choices"),
            "answers": Response.objects.filter(questionnaire=current).count(),
            "versions": Questionnaire.objects.filter(
                edition_id=edition_id, audience=audience, moment=moment
            ).annotate(responses_count=Count("responses")),
            "form": form,
            "can_edit": _can_edit(request),
        },
    )


def _apply(request: HttpRequest, change, current: Questionnaire, *args) -> bool:
    """Run one edit and say what happened, a new version included."""
    try:
        changed = change(current, *args)
    except SurveyError as error:
        messages.error(request, error.message)
        return False
    if changed.pk != current.pk:
        messages.success(
            request,
            _(
                "This questionnaire already had answers: your change made version %(v)s, which "
                "respondents now get; the answers given keep their version."
            )
            % {"v": changed.version},
        )
    else:
        messages.success(request, _("The questionnaire is saved."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def question(request: HttpRequest, edition_id: int, audience: str, moment: str, key: str = ""):
    """Add a question (no `key`) or change one."""
    _editor(request)
    current = _questionnaire(edition_id, audience, moment)
    existing = get_object_or_404(current.questions, key=key) if key else None
    form = QuestionForm(request.POST or None, question=existing)
    if request.method == "POST" and form.is_valid():
        if _apply(request, editing.save_question, current, form.fields_value(), key or None):
            return redirect("console:survey_questionnaire", edition_id, audience, moment)
        form.add_error(None, _("Nothing was saved."))
    return render(
        request,
        "console/surveys/question.html",
        {"questionnaire": current, "question": existing, "form": form},
    )


@login_required
@require_POST
def question_move(request: HttpRequest, edition_id: int, audience: str, moment: str, key: str):
    _editor(request)
    current = _questionnaire(edition_id, audience, moment)
    get_object_or_404(current.questions, key=key)
    step = -1 if request.POST.get("direction") == "up" else 1
    _apply(request, editing.move_question, current, key, step)
    return redirect("console:survey_questionnaire", edition_id, audience, moment)


@login_required
@require_POST
def question_delete(request: HttpRequest, edition_id: int, audience: str, moment: str, key: str):
    _editor(request)
    current = _questionnaire(edition_id, audience, moment)
    get_object_or_404(current.questions, key=key)
    _apply(request, editing.delete_question, current, key)
    return redirect("console:survey_questionnaire", edition_id, audience, moment)


@login_required
@require_GET
def host_feedback(request: HttpRequest) -> HttpResponse:
    _reader(request)
    edition = _edition(request)
    participations = participations_for(request.user).filter(
        edition=edition, status=ParticipationStatus.PUBLISHED
    )
    answered, summaries = feedback_summary(edition, participations)
    return render(
        request,
        "console/surveys/feedback.html",
        {
            "edition": edition,
            "editions": Edition.objects.order_by("-year", "-pk"),
            "answered": answered,
            "sites": participations.count(),
            "summaries": summaries,
        },
    )
