"""A teacher proves it teaches at a school before it sees or books anything for it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from usines.accounts.models import Role, User
from usines.schools import membership, services
from usines.schools.exceptions import MembershipNotOpen, SchoolNotConfirmed
from usines.schools.models import MembershipProof, School, TeacherSchool
from usines.testsupport import RegionFactory, class_details, confirmed_teacher, place_commune

pytestmark = pytest.mark.django_db
OFFICE = "ce.0740003b@ac-grenoble.fr"


@pytest.fixture
def poncet():
    return School.objects.create(
        uai="0740003B", name="Lycée Charles Poncet", email=OFFICE, commune=place_commune("cluses")
    )


def teacher_named(name: str) -> User:
    return User.objects.create_user(
        f"{name}@example.org", f"{name}@example.org", "pw", role=Role.TEACHER
    )


def test_the_school_office_confirms_its_teacher_once(poncet, school_slot, deliver_emails):
    ana = teacher_named("ana")
    with deliver_emails.capture():
        membership.claim_school(ana, poncet)
    to_office = [m for m in deliver_emails() if m.to == [OFFICE]]
    token = re.search(r"/enseignant/confirmer/(\S+)/", to_office[0].body).group(1)

    with pytest.raises(SchoolNotConfirmed):
        services.book_class(school_slot.pk, ana, class_details())
    link = membership.confirm_from_school(token)

    assert link.is_confirmed and link.proof == MembershipProof.SCHOOL_EMAIL
    assert services.book_class(school_slot.pk, ana, class_details()).created
    with pytest.raises(MembershipNotOpen):
        membership.confirm_from_school(token)


def test_an_old_confirmation_link_has_expired(poncet):
    link = membership.claim_school(teacher_named("ana"), poncet)
    TeacherSchool.objects.filter(pk=link.pk).update(
        claimed_at=timezone.now() - timedelta(days=membership.LINK_DAYS + 1)
    )

    with pytest.raises(MembershipNotOpen):
        membership.confirm_from_school(link.school_token)


def test_only_an_organiser_of_the_schools_region_confirms(poncet):
    link = membership.claim_school(teacher_named("ana"), poncet)
    RegionFactory(code="11", name="Île-de-France")
    elsewhere = User.objects.create_user(
        "o11", "o11@example.org", "pw", role=Role.ORGANISER, region_id="11"
    )
    here = User.objects.create_user(
        "o84", "o84@example.org", "pw", role=Role.ORGANISER,
        region_id=poncet.commune.department.region_id,
    )  # fmt: skip

    with pytest.raises(MembershipNotOpen):
        membership.confirm_by_organiser(link.pk, elsewhere)
    assert list(membership.pending_for(elsewhere)) == []

    assert membership.confirm_by_organiser(link.pk, here).confirmed_by == here


def test_a_confirmed_teacher_invites_a_colleague_of_the_same_address_only(poncet, deliver_emails):
    ana = teacher_named("ana")
    confirmed_teacher(ana, poncet)
    with deliver_emails.capture():
        invitation = membership.invite_colleague(ana, "Leo@Example.org")
    assert invitation.token in deliver_emails()[-1].body
    stranger = teacher_named("eve")

    with pytest.raises(MembershipNotOpen):
        membership.accept_colleague_invitation(invitation.token, stranger)
    leo = teacher_named("leo")
    link = membership.accept_colleague_invitation(invitation.token, leo)

    assert link.is_confirmed and link.confirmed_by == ana and link.school == poncet
    assert not TeacherSchool.objects.filter(teacher=stranger).exists()
    with pytest.raises(MembershipNotOpen):
        membership.accept_colleague_invitation(invitation.token, leo)


def test_an_unconfirmed_teacher_cannot_invite(poncet):
    ana = teacher_named("ana")
    membership.claim_school(ana, poncet)

    with pytest.raises(SchoolNotConfirmed):
        membership.invite_colleague(ana, "leo@example.org")


def test_changing_school_starts_over(poncet):
    ana = teacher_named("ana")
    confirmed_teacher(ana, poncet)

    link = membership.claim_school(ana, School.objects.create(uai="0740008G", name="Collège"))

    assert not link.is_confirmed


def test_an_unconfirmed_teacher_sees_nothing_of_the_schools_bookings(client, poncet, school_slot):
    ana = teacher_named("ana")
    confirmed_teacher(ana, poncet)
    booking = services.book_class(school_slot.pk, ana, class_details()).booking
    intruder = teacher_named("eve")
    client.force_login(intruder)

    client.post("/enseignant/", {"uai": "0740003B"})  # claims the same school

    page = client.get("/enseignant/").content.decode()
    assert "En attente de la confirmation de Lycée Charles Poncet" in page
    assert booking.slot.visit.participation.site.name not in page
    assert client.get(f"/enseignant/classe/{booking.pk}/").status_code == 404
    assert client.post(f"/enseignant/classe/{booking.pk}/annuler/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == "confirmed"
