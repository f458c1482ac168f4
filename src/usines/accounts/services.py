"""Accounts: sign-up with a confirmation e-mail, then activation by the signed link.

The link is signed (it cannot be forged without the secret key), expires after three
days, works once (it sets `email_confirmed_at`, which it requires empty) and only
activates an account waiting for its confirmation: an account an administrator
disabled stays disabled. It does not log anyone in: the person then logs in with
the password they chose.
"""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from usines.accounts import tasks
from usines.accounts.models import Role, User

CONFIRMATION_SALT = "usines.accounts.confirm"
CONFIRMATION_MAX_AGE = 3 * 24 * 3600


class EmailTaken(Exception):
    pass


def confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRMATION_SALT)


@transaction.atomic
def sign_up(
    email: str, password: str, first_name: str, last_name: str, role: str, next_path: str = ""
) -> User:
    """An inactive account and its confirmation e-mail's task, in one transaction. Raises
    EmailTaken when an account already uses the address, whatever its case. The link
    carries `next_path` (a path on this site, such as the invitation that led to the
    sign-up), where the log-in after the confirmation goes on."""
    if User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists():
        raise EmailTaken(email)
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=email,
                email=email,
                password=password,
                first_name=first_name,
                last_name=last_name,
                role=role if role in (Role.HOST, Role.TEACHER) else Role.VISITOR,
                is_active=False,
            )
    except IntegrityError as error:
        raise EmailTaken(email) from error
    url = settings.SITE_URL + reverse("accounts:confirm", args=[confirmation_token(user)])
    if next_path:
        url += "?" + urlencode({"next": next_path})
    tasks.send_account_confirmation.enqueue(user.pk, url, bool(next_path))
    return user


def confirm_email(token: str) -> User | None:
    """The account the link confirms, now active; None for a wrong, expired or used
    link, or an account that is not waiting for its confirmation."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    confirmed = User.objects.filter(
        pk=data.get("user"),
        email=data.get("email"),
        is_active=False,
        email_confirmed_at__isnull=True,
    ).update(is_active=True, email_confirmed_at=timezone.now())
    return User.objects.get(pk=data["user"]) if confirmed else None
