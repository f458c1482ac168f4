"""The two prospect pages organisers and relays share: one prospect typed in, and a CSV
file previewed line by line then imported once confirmed.

Between the preview and the confirmation the file waits in the session with its
digest; the confirmation carries the digest, so what is imported is the file that was
shown, read again by `outreach.imports.import_prospects` in one transaction.
"""

import hashlib

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from usines.editions.models import Edition
from usines.outreach import imports
from usines.outreach.forms import ProspectFileForm, ProspectForm
from usines.outreach.prospects import owners_for
from usines.outreach.services import OutreachError

SESSION_KEY = "prospect_import"


def add_prospect_page(
    request: HttpRequest, edition: Edition, networks, territory, back: str
) -> HttpResponse:
    form = ProspectForm(
        request.POST or None,
        edition=edition,
        networks=networks,
        territory=territory,
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        prospect = form.save()
        messages.success(request, _("%(prospect)s is added.") % {"prospect": prospect})
        return redirect(back)
    return render(
        request, "ui/prospect_form.html", {"form": form, "edition": edition, "back": back}
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def import_page(
    request: HttpRequest, edition: Edition, networks, territory, back: str
) -> HttpResponse:
    """Upload → every line with its problems → confirm (only when none is wrong)."""
    if request.method == "POST" and "digest" in request.POST:
        return _confirm(request, edition, networks, territory, back)
    form = ProspectFileForm(request.POST or None, request.FILES or None, networks=networks)
    preview = None
    if request.method == "POST" and form.is_valid():
        network, text = form.cleaned_data["network"], form.cleaned_data["file"]
        try:
            preview = imports.read_prospects(
                text, edition, network, _owner(request, network), territory
            )
        except OutreachError as error:
            form.add_error("file", error.message)
        else:
            request.session[SESSION_KEY] = {
                "text": text,
                "network": network.pk,
                "digest": _digest(text),
            }
    return render(
        request,
        "ui/prospect_import.html",
        {
            "form": form,
            "preview": preview,
            "digest": request.session.get(SESSION_KEY, {}).get("digest") if preview else "",
            "edition": edition,
            "back": back,
        },
    )


def _owner(request: HttpRequest, network):
    """The importer owns the lines without an owner, when it may own them."""
    return owners_for(network).filter(pk=request.user.pk).first()


def _confirm(
    request: HttpRequest, edition: Edition, networks, territory, back: str
) -> HttpResponse:
    waiting = request.session.get(SESSION_KEY) or {}
    network = None
    if waiting.get("digest") == request.POST["digest"]:
        network = networks.filter(pk=waiting.get("network")).first()
    if network is None:
        messages.error(request, _("The file to import is no longer here: send it again."))
        return redirect(request.path)
    try:
        count = imports.import_prospects(
            waiting["text"], edition, network, _owner(request, network), territory
        )
    except OutreachError as error:
        messages.error(request, error.message)
        return redirect(request.path)
    del request.session[SESSION_KEY]
    messages.success(
        request,
        ngettext("%(count)s prospect imported.", "%(count)s prospects imported.", count)
        % {"count": count},
    )
    return redirect(back)
