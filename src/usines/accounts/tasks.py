"""The accounts' e-mails, run by the task worker."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_tasks import task

from usines.accounts.models import User
from usines.notifications.emails import send_email


@task()
def send_account_confirmation(user_id: int, url: str, goes_back: bool = False) -> None:
    """The sign-up's link; `goes_back` when it leads back to the page the sign-up came
    from (an invitation), rather than to registering a site."""
    user = User.objects.get(pk=user_id)
    send_email(
        "notice",
        user.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("Confirm your e-mail address"),
            "paragraphs": [
                _(
                    "Open this link to confirm your address, then log in: you come back "
                    "to the page you signed up from."
                )
                if goes_back
                else _("Open this link to confirm your address and start registering your site.")
            ],
            "link": url,
            "link_label": _("Confirm my address"),
        },
    )


@task()
def send_password_reset(user_id: int, url: str, language: str) -> None:
    user = User.objects.get(pk=user_id)
    send_email(
        "notice",
        user.email,
        language,
        lambda: {
            "subject": _("Choose a new password"),
            "paragraphs": [
                _(
                    "Someone, probably you, asked to change the password of your account. "
                    "Open this link within three days to choose a new one; if it was not "
                    "you, ignore this message: nothing changes."
                )
            ],
            "link": url,
            "link_label": _("Choose a new password"),
        },
    )
