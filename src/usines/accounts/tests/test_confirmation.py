"""The sign-up confirmation link: signed, single-use, never reviving a disabled account."""

import pytest
from django.core import signing

from usines.accounts import services
from usines.accounts.models import Role, User


@pytest.fixture
def pending(db) -> User:
    return services.sign_up("ana@example.org", "a long pass phrase", "Ana", "Dupont", Role.HOST)


def test_the_link_activates_the_account_once(pending):
    token = services.confirmation_token(pending)

    assert services.confirm_email(token) == pending
    pending.refresh_from_db()
    assert pending.is_active and pending.email_confirmed_at is not None
    assert services.confirm_email(token) is None


def test_the_link_does_not_revive_an_account_an_administrator_disabled(pending):
    token = services.confirmation_token(pending)
    services.confirm_email(token)
    User.objects.filter(pk=pending.pk).update(is_active=False)

    assert services.confirm_email(token) is None
    pending.refresh_from_db()
    assert not pending.is_active


def test_a_link_signed_with_another_key_is_refused(pending, settings):
    forged = signing.dumps(
        {"user": pending.pk, "email": pending.email},
        key="insecure-development-key-never-use-in-production",
        salt=services.CONFIRMATION_SALT,
    )

    assert services.confirm_email(forged) is None
    pending.refresh_from_db()
    assert not pending.is_active


def test_confirming_does_not_log_in(client, pending):
    response = client.get(f"/accounts/confirmer/{services.confirmation_token(pending)}/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("typed", ["ana@example.org", "Ana@Example.org"])
def test_an_address_already_in_use_cannot_sign_up_again(pending, typed):
    with pytest.raises(services.EmailTaken):
        services.sign_up(typed, "another pass phrase", "X", "Y", Role.TEACHER)
    assert User.objects.filter(email__iexact=typed).count() == 1
