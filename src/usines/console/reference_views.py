"""The reference population's imports: the Urssaf establishments file and the Insee
size-band table. A file is read and previewed (rows read, totals by dimension, errors
line by line) and only confirming replaces the reference (outreach.references). The
reference is national: national organisers import it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from usines.console.desk_forms import ReferenceConfirmForm, ReferenceUploadForm
from usines.factories.scope import is_organiser
from usines.outreach import references
from usines.outreach.models import ReferenceKind
from usines.outreach.services import OutreachError
from usines.reference.models import Region, Sector, SizeGroup

TITLES = {
    "region": gettext_lazy("By region"),
    "sector": gettext_lazy("By sector"),
    "size": gettext_lazy("By size"),
}


def dimension_labels() -> dict[str, dict[str, str]]:
    return {
        "region": dict(Region.objects.values_list("pk", "name")),
        "sector": dict(Sector.choices),
        "size": dict(SizeGroup.choices),
    }


def _totals(preview: references.ReferencePreview) -> list[tuple[str, str, list]]:
    """Each dimension the file gives: its key, its title and its cells, largest first."""
    labels = dimension_labels()
    return [
        (
            dimension,
            TITLES[dimension],
            sorted(
                ((labels[dimension].get(key, key), n) for key, n in counts.items()),
                key=lambda row: -row[1],
            ),
        )
        for dimension, counts in preview.totals().items()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def import_reference(request: HttpRequest, kind: str) -> HttpResponse:
    user = request.user
    if not (is_organiser(user) and user.region_id is None):
        raise Http404
    upload = ReferenceUploadForm(kind=kind)
    preview = confirm = None
    if request.method == "POST" and "sealed" in request.POST:
        confirm = ReferenceConfirmForm(request.POST)
        try:
            if not confirm.is_valid():
                raise OutreachError(_("This preview has expired: send the file again."))
            source = references.save_reference(
                references.unseal(confirm.cleaned_data["sealed"]), user
            )
        except OutreachError as error:
            messages.error(request, error.message)
            return redirect(request.path)
        messages.success(
            request,
            _("Reference saved: %(n)s establishments from %(file)s.")
            % {"n": source.establishments, "file": source.file_name},
        )
        return redirect("console:representativeness")
    if request.method == "POST":
        upload = ReferenceUploadForm(request.POST, request.FILES, kind=kind)
        if upload.is_valid():
            file = upload.cleaned_data["file"]
            try:
                preview = references.read_reference(
                    kind, file.file, file.name, upload.cleaned_data["published_on"]
                )
            except OutreachError as error:
                upload.add_error("file", error.message)
            else:
                confirm = ReferenceConfirmForm(initial={"sealed": references.seal(preview)})
    return render(
        request,
        "console/reference_import.html",
        {
            "kind": kind,
            "kind_label": ReferenceKind(kind).label,
            "form": upload,
            "preview": preview,
            "totals": _totals(preview) if preview else [],
            "confirm": confirm,
            "current": references.latest_source(kind),
        },
    )
