"""Accounts: sign-up with a confirmation e-mail, then activation by the signed link."""

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse

from usines.accounts import tasks
from usines.accounts.models import Role, User

CONFIRMATION_SALT = "usines.accounts.confirm"
CONFIRMATION_MAX_AGE = 3 * 24 * 3600


class EmailTaken(Exception):
    pass


def confirmation_token(user: User) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=CONFIRMATION_SALT)


@transaction.atomic
def sign_up(email: str, password: str, first_name: str, last_name: str, role: str) -> User:
    """An inactive account and its confirmation e-mail (sent after commit)."""
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
    transaction.on_commit(lambda: tasks.send_account_confirmation.enqueue(user.pk, url))
    return user


def confirm_email(token: str) -> User | None:
    """The account the link confirms, now active; None for a wrong or expired link."""
    try:
        data = signing.loads(token, salt=CONFIRMATION_SALT, max_age=CONFIRMATION_MAX_AGE)
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), email=data.get("email")).first()
    if user is None:
        return None
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user
