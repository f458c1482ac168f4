"""The administration is the superusers' only; there, what a service owns is read-only."""

import pytest
from django.contrib.auth.models import Group, Permission

from usines.accounts.models import Role, User
from usines.bookings.services import Contact, book_visit


def _refused(response) -> bool:
    """Sent to the administration's log-in, as anyone who is not a superuser."""
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.fixture
def organiser(db):
    """A national organiser with staff access and every permission on accounts and
    groups, as a careless set-up could give."""
    user = User.objects.create_user(
        "orga", "orga@example.org", "pw", role=Role.ORGANISER, is_staff=True
    )
    group = Group.objects.create(name="Organisateurs")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=["accounts", "auth"])
    )
    user.groups.add(group)
    return user


def test_an_organiser_cannot_make_anyone_a_superuser(client, organiser):
    visitor = User.objects.create_user("v", "v@example.org", "pw")
    client.force_login(organiser)

    response = client.post(
        f"/admin/accounts/user/{visitor.pk}/change/",
        {"username": "v", "email": "v@example.org", "is_superuser": "on", "is_staff": "on"},
    )

    assert _refused(response)
    visitor.refresh_from_db()
    assert not visitor.is_superuser and not visitor.is_staff


def test_an_organiser_cannot_grant_a_group_permissions_or_add_accounts(client, organiser):
    client.force_login(organiser)
    group = Group.objects.get(name="Organisateurs")

    assert _refused(client.post(f"/admin/auth/group/{group.pk}/change/", {"name": "x"}))
    assert _refused(client.get("/admin/accounts/user/add/"))
    assert Group.objects.get(pk=group.pk).name == "Organisateurs"


def test_an_organiser_with_staff_access_does_not_reach_the_administration(client, organiser):
    client.force_login(organiser)

    assert _refused(client.get("/admin/accounts/user/?q=orga"))


def test_bookings_and_slots_are_read_only_even_for_a_superuser(client, slot):
    booking = book_visit(slot.pk, 2, Contact("Zoé", "zoe@example.org")).booking
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))

    assert client.get(f"/admin/bookings/booking/{booking.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/factories/slot/{slot.pk}/change/", {"capacity": 99, "booked": 0}
    )
    assert response.status_code == 403
    assert client.post(f"/admin/bookings/booking/{booking.pk}/delete/").status_code == 403
    assert client.get("/admin/bookings/booking/add/").status_code == 403
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked) == (10, 2)


def test_a_superuser_manages_accounts_but_never_types_a_role(client, db):
    admin_user = User.objects.create_superuser("root", "root@example.org", "pw")
    visitor = User.objects.create_user("v", "v@example.org", "pw")
    client.force_login(admin_user)

    response = client.post(
        f"/admin/accounts/user/{visitor.pk}/change/",
        {
            "username": "v",
            "email": "v@example.org",
            "first_name": "Véra",
            "role": Role.ORGANISER,
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        },
    )

    assert response.status_code == 302
    visitor.refresh_from_db()
    assert visitor.first_name == "Véra"
    assert visitor.role == Role.VISITOR  # granted by invitation only
