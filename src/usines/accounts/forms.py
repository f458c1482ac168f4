"""Creating an account: a host or a teacher signs up with their e-mail address."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from usines.accounts import tasks
from usines.accounts.models import Role, User
from usines.notifications.emails import absolute


class SignUpForm(forms.Form):
    role = forms.ChoiceField(
        label=_("I am"),
        choices=[(Role.HOST, _("Opening a factory")), (Role.TEACHER, _("A teacher"))],
        widget=forms.RadioSelect,
        initial=Role.HOST,
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("Work e-mail"),
        help_text=_("We send a confirmation link to this address; it is also your log-in."),
    )
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 10 characters, not only digits, not a common password."),
    )

    def __init__(self, *args, invited: bool = False, **kwargs):
        """`invited`: the sign-up comes from an invitation, whose role replaces the one
        chosen here; nothing to choose then (a host until the invitation is accepted)."""
        super().__init__(*args, **kwargs)
        if invited:
            self.fields["role"].widget = forms.HiddenInput()
            self.initial["role"] = Role.HOST

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(username__iexact=email).exists():
            raise forms.ValidationError(
                _("An account already uses this address: log in, or reset your password.")
            )
        return email

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("email"):
            candidate = User(
                username=data["email"],
                email=data["email"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(data["password"], candidate)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's reset form, whose e-mail is a task of the worker, in the asker's language."""

    # Named as on every other form of the site (Django's own label reads "Courriel").
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        url = absolute(
            reverse("accounts:password_reset_confirm", args=[context["uid"], context["token"]])
        )
        tasks.send_password_reset.enqueue(context["user"].pk, url, get_language())
