""" "My bookings": the list of a visitor's bookings, opened by a link e-mailed to the
address they booked with, with no account and no password.

The request form gives the same answer whatever the address, so that nobody learns
who booked; the worker e-mails a link only to an address with bookings
(`bookings.tasks.send_bookings_link`). The link opens once, with a button, so that
a mail scanner following links cannot use it up; the browser's session then keeps
the address for `links.ACCESS_HOURS`, and only until the browser closes for a
visitor without an account. These pages are never stored by a cache
(`ui.middleware.PRIVATE_PREFIXES`).
"""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from usines import limits, proof
from usines.bookings import links, tasks

SESSION_KEY = "my_bookings"


class BookingsLinkForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address you booked with"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Enter the e-mail address you booked with."),
            "invalid": gettext_lazy("Enter a valid e-mail address, e.g. name@example.fr."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"


def session_email(request: HttpRequest) -> str | None:
    """The address whose bookings this browser may list, while its access lasts."""
    access = request.session.get(SESSION_KEY)
    if not isinstance(access, dict):
        return None
    if access.get("until", 0) <= timezone.now().timestamp():
        del request.session[SESSION_KEY]
        return None
    return access.get("email")


def _grant(request: HttpRequest, email: str) -> None:
    """Let this browser list the address's bookings; a new session key, so that a key
    planted before the link was opened gains nothing."""
    request.session.cycle_key()
    until = timezone.now() + timedelta(hours=links.ACCESS_HOURS)
    request.session[SESSION_KEY] = {"email": email, "until": until.timestamp()}
    if not request.user.is_authenticated:
        request.session.set_expiry(0)  # a shared computer forgets it when closed


@require_http_methods(["GET", "POST"])
def request_link(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        limits.check(request, limits.MY_BOOKINGS_BY_ADDRESS)
    form = BookingsLinkForm(request.POST or None)
    if request.method == "POST" and proof.accepted(request, form, limits.MY_BOOKINGS_BY_ADDRESS):
        email = links.normalised_email(form.cleaned_data["email"])
        limits.check(request, limits.MY_BOOKINGS_BY_EMAIL, value=email)
        tasks.send_bookings_link.enqueue(email, get_language())
        return redirect("web:my_bookings_sent")
    return render(
        request,
        "web/my_bookings/request.html",
        {
            "form": form,
            "proof": proof.challenge_for(request, limits.MY_BOOKINGS_BY_ADDRESS),
            "has_access": session_email(request) is not None,
        },
    )


def link_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "web/my_bookings/sent.html", {"hours": links.LINK_HOURS})


@require_http_methods(["GET", "POST"])
def open_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a press of the button; POST uses the link up and opens the list."""
    if request.method == "POST":
        email = links.open_link(token)
        if email is not None:
            _grant(request, email)
            return redirect("web:my_bookings")
        is_open = False
    else:
        is_open = links.link_is_open(token)
    return render(
        request,
        "web/my_bookings/open.html",
        {"is_open": is_open, "has_access": session_email(request) is not None},
    )


def bookings_list(request: HttpRequest) -> HttpResponse:
    email = session_email(request)
    if email is None:
        messages.info(request, _("To see your bookings, ask for a link: we e-mail it to you."))
        return redirect("web:my_bookings_request")
    now = timezone.now()
    bookings = list(links.bookings_of(email, now))
    coming = [booking for booking in bookings if booking.is_active and booking.slot.ends_at > now]
    return render(
        request,
        "web/my_bookings/list.html",
        {
            "email": email,
            "coming": coming,
            "others": [booking for booking in bookings if booking not in coming],
            "entries": list(links.waitlist_entries_of(email, now)),
            "now": now,
        },
    )


@require_POST
def close_access(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    messages.success(request, _("Your bookings are no longer shown on this device."))
    return redirect("web:my_bookings_request")
