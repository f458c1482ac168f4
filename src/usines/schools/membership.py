"""Who teaches where: a teacher proves it belongs to a school before it sees
anything of the school or books in its name.

The rule, one a real school can follow:
- The first teacher of a school is confirmed from the school's official address in
  the national directory (`School.email`, e.g. ce.0740003b@ac-grenoble.fr): the
  office receives a link and confirms with one click. A school without an address
  in the directory, or an office that does not answer, is confirmed by an
  organiser of the school's region, who can call the school.
- A confirmed teacher invites its colleagues by e-mail; the invited address, once
  its account is confirmed, accepts and is confirmed as well.
Changing school starts over. Links are secrets, work once, and expire.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from usines.accounts.models import Role, User
from usines.schools import tasks
from usines.schools.exceptions import MembershipNotOpen, NoSchool, SchoolNotConfirmed
from usines.schools.models import (
    MembershipProof,
    School,
    SchoolInvitation,
    TeacherSchool,
    new_token,
)

LINK_DAYS = 14


def confirmed_school(teacher: User) -> School:
    """The school a teacher is confirmed in; raises NoSchool or SchoolNotConfirmed."""
    link = TeacherSchool.objects.select_related("school").filter(teacher=teacher).first()
    if link is None:
        raise NoSchool()
    if not link.is_confirmed:
        raise SchoolNotConfirmed()
    return link.school


def _link(
    teacher: User,
    school: School,
    proof: str = "",
    confirmed_by: User | None = None,
    school_token: str | None = None,
) -> TeacherSchool:
    """The teacher's one link to a school, confirmed when a proof is given; a visitor
    account becomes a teacher's."""
    now = timezone.now()
    link, _created = TeacherSchool.objects.update_or_create(
        teacher=teacher,
        defaults={
            "school": school,
            "claimed_at": now,
            "confirmed_at": now if proof else None,
            "proof": proof,
            "confirmed_by": confirmed_by,
            "school_token": school_token,
        },
    )
    if teacher.role == Role.VISITOR:
        teacher.role = Role.TEACHER
        teacher.save(update_fields=["role"])
    return link


@transaction.atomic
def claim_school(teacher: User, school: School) -> TeacherSchool:
    """The teacher says it teaches at `school`: the link waits for its proof, and the
    school's official address, when known, is asked to confirm it."""
    link = _link(teacher, school, school_token=new_token() if school.email else None)
    if school.email:
        link_id = link.pk
        tasks.send_school_confirmation.enqueue(link_id)
    return link


def _confirm(link_id: int, proof: str, by: User | None, **conditions) -> bool:
    return bool(
        TeacherSchool.objects.filter(pk=link_id, confirmed_at__isnull=True, **conditions).update(
            confirmed_at=timezone.now(), proof=proof, confirmed_by=by, school_token=None
        )
    )


@transaction.atomic
def confirm_from_school(token: str) -> TeacherSchool:
    """The school's office opened its link and confirmed; raises MembershipNotOpen."""
    fresh_since = timezone.now() - timedelta(days=LINK_DAYS)
    link = TeacherSchool.objects.filter(school_token=token, claimed_at__gte=fresh_since).first()
    if (
        not token
        or link is None
        or not _confirm(link.pk, MembershipProof.SCHOOL_EMAIL, None, school_token=token)
    ):
        raise MembershipNotOpen()
    link.refresh_from_db()
    return link


def pending_for(organiser: User) -> QuerySet[TeacherSchool]:
    """Teachers waiting for their proof in an organiser's region (or all of France)."""
    pending = TeacherSchool.objects.filter(confirmed_at__isnull=True).select_related(
        "teacher", "school"
    )
    if organiser.region_id and not organiser.is_superuser:
        return pending.filter(school__commune__department__region_id=organiser.region_id)
    return pending


@transaction.atomic
def confirm_by_organiser(link_id: int, organiser: User) -> TeacherSchool:
    """An organiser of the school's region confirms a teacher; raises
    MembershipNotOpen for a link outside its region or already confirmed."""
    if not pending_for(organiser).filter(pk=link_id).exists():
        raise MembershipNotOpen()
    _confirm(link_id, MembershipProof.ORGANISER, organiser)
    return TeacherSchool.objects.get(pk=link_id)


@transaction.atomic
def invite_colleague(teacher: User, email: str) -> SchoolInvitation:
    """A confirmed teacher invites a colleague of its school."""
    school = confirmed_school(teacher)
    invitation = SchoolInvitation.objects.create(
        school=school, email=email.strip().lower(), invited_by=teacher
    )
    invitation_id = invitation.pk
    tasks.send_colleague_invitation.enqueue(invitation_id)
    return invitation


@transaction.atomic
def accept_colleague_invitation(token: str, teacher: User) -> TeacherSchool:
    """The invited colleague, logged in with the invited address, joins its school,
    confirmed; the link works once, within LINK_DAYS. Raises MembershipNotOpen."""
    invitation = SchoolInvitation.objects.select_related("school").filter(token=token).first()
    if invitation is None or invitation.email != (teacher.email or "").lower():
        raise MembershipNotOpen(
            _("This invitation is for another address: log in with the one it was sent to.")
            if invitation
            else None
        )
    fresh_since = timezone.now() - timedelta(days=LINK_DAYS)
    if not SchoolInvitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, created_at__gte=fresh_since
    ).update(accepted_at=timezone.now()):
        raise MembershipNotOpen()
    return _link(teacher, invitation.school, MembershipProof.COLLEAGUE, invitation.invited_by)
