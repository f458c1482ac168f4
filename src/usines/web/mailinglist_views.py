"""The next edition's list, for the public: the form to ask for news, and the pages
the e-mails' links open (confirm, unsubscribe).

The form always gives the same answer, whether the address is new, waiting or
already on the list, so that nobody learns who subscribed. Both links show a button
first: a mail scanner following a link changes nothing. The unsubscribe link also
takes the POST a mail client sends by itself (RFC 8058, `List-Unsubscribe=One-Click`)
with no cookie, hence no CSRF check there: its secret token is the credential.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from usines import limits, proof
from usines.mailinglist import services
from usines.mailinglist.models import CONSENT_TEXT, Source


class SubscriptionForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter your e-mail address."),
            "invalid": gettext_lazy("Enter a valid e-mail address, e.g. name@example.fr."),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={
            "required": gettext_lazy("Tick the box to confirm that you want the news.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        limits.check(request, limits.MAILINGLIST_BY_ADDRESS)
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and proof.accepted(request, form, limits.MAILINGLIST_BY_ADDRESS):
        email = services.normalised_email(form.cleaned_data["email"])
        limits.check(request, limits.MAILINGLIST_BY_EMAIL, value=email)
        services.request_subscription(email, get_language(), Source.PUBLIC_FORM)
        return redirect("web:mailinglist_sent")
    return render(
        request,
        "web/mailinglist_subscribe.html",
        {"form": form, "proof": proof.challenge_for(request, limits.MAILINGLIST_BY_ADDRESS)},
    )


def subscription_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "web/mailinglist_sent.html", {"confirm_days": services.CONFIRM_DAYS})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a press of the button; POST confirms."""
    if request.method == "POST":
        outcome = services.confirm(token)
    else:
        outcome = services.confirmation_state(token)
    return render(
        request,
        "web/mailinglist_confirm.html",
        {"outcome": outcome and outcome.value, "confirm_days": services.CONFIRM_DAYS},
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a press of the button; POST (the button, or a mail client's
    one-click request) unsubscribes at once."""
    if request.method == "POST":
        known = services.unsubscribe(token)
        subscribed = False if known else None
    else:
        subscribed = services.is_subscribed(token)
    return render(request, "web/mailinglist_unsubscribe.html", {"subscribed": subscribed})
