from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from usines import limits, proof
from usines.accounts import services
from usines.accounts.forms import PasswordResetForm, SignUpForm
from usines.accounts.models import Role


class LoginView(auth_views.LoginView):
    """Django's log-in, with its attempts counted per address and per account."""

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limits.check(request, limits.LOGIN_BY_ADDRESS)
        limits.check(request, limits.LOGIN_BY_ACCOUNT, value=request.POST.get("username", ""))
        return super().post(request, *args, **kwargs)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's password reset: the link is sent by the task worker, and asking is
    counted per address and per e-mail. The answer is the same whether an account
    uses the address or not."""

    form_class = PasswordResetForm
    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        limits.check(request, limits.RESET_BY_ADDRESS)
        limits.check(request, limits.RESET_BY_EMAIL, value=request.POST.get("email", ""))
        return super().post(request, *args, **kwargs)


def _next_path(request: HttpRequest) -> str:
    """The `next` of the query when it is a path on this site (an invitation's page, say);
    anything else, another site included, is dropped."""
    path = request.GET.get("next", "")
    return path if path and url_has_allowed_host_and_scheme(path, allowed_hosts=set()) else ""


def _is_invitation(path: str) -> bool:
    try:
        return bool(path) and resolve(path).view_name == "web:invitation"
    except Resolver404:
        return False


@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    """A host or a teacher signs up; someone invited to a role comes with the invitation's
    page as `next` and its address as `email`, and is brought back to it once confirmed."""
    wanted = Role.TEACHER if request.GET.get("role") == "enseignant" else Role.HOST
    next_path = _next_path(request)
    if request.method == "POST":
        limits.check(request, limits.SIGN_UP_BY_ADDRESS)
    invited = _is_invitation(next_path)
    form = SignUpForm(
        request.POST or None,
        initial={"role": wanted, "email": request.GET.get("email", "")},
        invited=invited,
    )
    if request.method == "POST" and proof.accepted(request, form, limits.SIGN_UP_BY_ADDRESS):
        try:
            services.sign_up(
                form.cleaned_data["email"],
                form.cleaned_data["password"],
                form.cleaned_data["first_name"],
                form.cleaned_data["last_name"],
                form.cleaned_data["role"],
                next_path,
            )
        except services.EmailTaken:
            form.add_error("email", _("An account already uses this address: log in."))
        else:
            return render(
                request, "registration/sign_up_sent.html", {"email": form.cleaned_data["email"]}
            )
    proof_challenge = proof.challenge_for(request, limits.SIGN_UP_BY_ADDRESS)
    return render(
        request,
        "registration/sign_up.html",
        {"form": form, "proof": proof_challenge, "next": next_path, "invited": invited},
    )


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    user = services.confirm_email(token)
    if user is None:
        messages.error(request, _("This confirmation link is wrong, expired or already used."))
        return redirect("accounts:sign_up")
    messages.success(request, _("Your address is confirmed. Log in to go on."))
    home = "teachers:home" if user.role == Role.TEACHER else "hosts:home"
    return redirect(
        f"{reverse('accounts:login')}?{urlencode({'next': _next_path(request) or reverse(home)})}"
    )
