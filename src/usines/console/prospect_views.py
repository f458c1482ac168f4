"""The organisers' prospect pages: every prospect of an edition in their scope, by owner
and follow-up date; adding one, importing a file, carrying prospects over to the
edition being recruited for."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from usines.accounts.models import User
from usines.editions.models import Edition
from usines.factories.scope import is_organiser
from usines.outreach.forms import CarryOverForm
from usines.outreach.models import Network, ProspectStatus
from usines.outreach.prospects import carry_over, recruiting_edition
from usines.outreach.scope import prospects_for, territory_of
from usines.outreach.services import OutreachError
from usines.ui.prospect_pages import add_prospect_page, import_page

PAGE_SIZE = 30


class ProspectFilterForm(forms.Form):
    edition = forms.ModelChoiceField(
        label=gettext_lazy("Edition"), queryset=Edition.objects.order_by("-year", "-pk"),
        required=False, empty_label=None,
    )  # fmt: skip
    network = forms.ModelChoiceField(
        label=gettext_lazy("Partner network"), queryset=Network.objects.all(), required=False,
        empty_label=gettext_lazy("All networks"),
    )  # fmt: skip
    owner = forms.ModelChoiceField(
        label=gettext_lazy("Owner"), queryset=User.objects.none(), required=False,
        empty_label=gettext_lazy("Anyone"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("All statuses")), *ProspectStatus.choices],
        required=False,
    )
    due = forms.BooleanField(label=gettext_lazy("Follow-up due"), required=False)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(pk__in=scope.values("owner")).order_by(
            "last_name", "email"
        )
        self.fields["owner"].label_from_instance = lambda user: user.get_full_name() or user.email


def _recruiting_or_404() -> Edition:
    edition = recruiting_edition()
    if edition is None:
        raise Http404(_("Create the edition first."))
    return edition


@login_required
def prospects(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    recruiting = _recruiting_or_404()
    scope = prospects_for(request.user)
    form = ProspectFilterForm(request.GET or None, scope=scope)
    filters = form.cleaned_data if form.is_valid() else {}
    edition = filters.get("edition") or recruiting
    rows = scope.filter(edition=edition)
    if filters.get("network"):
        rows = rows.filter(network=filters["network"])
    if filters.get("owner"):
        rows = rows.filter(owner=filters["owner"])
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    if filters.get("due"):
        rows = rows.filter(follow_up_on__lte=timezone.localdate())
    rows = rows.select_related("commune", "network", "owner").order_by(
        F("follow_up_on").asc(nulls_last=True), "company", "pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {key: value for key, value in request.GET.items() if key != "page" and value}
    return render(
        request,
        "console/prospects.html",
        {
            "form": form,
            "page": page,
            "query": urlencode(query),
            "edition": edition,
            "recruiting": recruiting,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add_prospect(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    return add_prospect_page(
        request,
        _recruiting_or_404(),
        Network.objects.all(),
        territory_of(request.user),
        reverse("console:prospects"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_prospects(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise Http404
    return import_page(
        request,
        _recruiting_or_404(),
        Network.objects.all(),
        territory_of(request.user),
        reverse("console:prospects"),
    )


@login_required
@require_POST
def carry_over_prospects(request: HttpRequest) -> HttpResponse:
    """The ticked prospects of an earlier edition, copied into the recruiting one."""
    if not is_organiser(request.user):
        raise Http404
    edition = _recruiting_or_404()
    form = CarryOverForm(request.POST, scope=prospects_for(request.user).exclude(edition=edition))
    if not form.is_valid():
        messages.error(request, _("Tick the prospects of an earlier edition to carry over."))
        return redirect("console:prospects")
    try:
        count = carry_over(form.cleaned_data["prospects"], edition)
    except OutreachError as error:
        messages.error(request, error.message)
        return redirect("console:prospects")
    messages.success(
        request,
        ngettext(
            "%(count)s prospect carried over to %(edition)s, to contact again.",
            "%(count)s prospects carried over to %(edition)s, to contact again.",
            count,
        )
        % {"count": count, "edition": edition.name},
    )
    return redirect("console:prospects")
