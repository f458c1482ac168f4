"""The schools' e-mails, run by the task worker."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from usines.notifications.emails import absolute, send_email
from usines.schools import timetables
from usines.schools.models import CoachRequest, SchoolInvitation, TeacherSchool


@task()
def send_coach_details(request_id: int) -> None:
    """Tell a teacher which coach takes the class: pick-up time and order, the other
    stops, the size; read when the task runs, so a late task tells what is true then."""
    request = CoachRequest.objects.select_related(
        "pool", "class_group__teacher", "class_group__booking__slot__visit__participation__site"
    ).get(pk=request_id)
    stops = timetables.stops_of([request.pool_id])[request.pool_id]
    timetable = timetables.coach_timetable(stops)
    pickup = timetable.pickup(request.pk) if timetable else None
    site = request.class_group.booking.slot.visit.participation.site

    def context() -> dict:
        paragraphs = [
            _(
                "A coach of %(seats)s seats takes your class to %(site)s. "
                "Pick-up %(order)s of %(count)s; the stops in order: %(stops)s."
            )
            % {
                "seats": request.pool.coach_seats,
                "site": site.name,
                "order": request.stop_order + 1,
                "count": len(stops),
                "stops": ", ".join(stop.class_group.school.name for stop in stops),
            }
        ]
        if pickup is not None:
            paragraphs.append(
                _("Be ready at your school at %(time)s: the coach leaves a few minutes later.")
                % {"time": timezone.localtime(pickup).strftime("%H:%M")}
            )
        paragraphs.append(
            _("The coach company may adjust the times; your class page has the details.")
        )
        return {
            "subject": _("Your coach to %(site)s") % {"site": site.name},
            "paragraphs": paragraphs,
            "link": absolute(reverse("teachers:booking", args=[request.class_group.booking.pk])),
            "link_label": _("My class's page"),
        }

    send_email(
        "notice",
        request.class_group.teacher.email,
        settings.LANGUAGE_CODE,
        context,
        once=f"coach-details:{request.pk}:{request.pool_id}",
    )


@task()
def send_school_confirmation(link_id: int) -> None:
    """Ask the school's office, at its official address, to confirm a teacher."""
    link = TeacherSchool.objects.select_related("teacher", "school").get(pk=link_id)
    if link.is_confirmed or not link.school_token:
        return
    teacher = link.teacher
    names = {
        "teacher": f"{teacher.get_full_name() or teacher.email} ({teacher.email})",
        "school": link.school.name,
    }
    send_email(
        "notice",
        link.school.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("Does %(teacher)s teach at %(school)s?") % names,
            "paragraphs": [
                _(
                    "%(teacher)s wants to book factory visits for classes of %(school)s "
                    "on the open factory days, and says they teach at your school."
                )
                % names,
                _(
                    "If so, open this link and confirm: they will then see and manage the "
                    "school's class bookings. If not, ignore this message: nothing happens."
                ),
            ],
            "link": absolute(reverse("teachers:confirm_teacher", args=[link.school_token])),
            "link_label": _("Confirm this teacher"),
        },
    )


@task()
def send_colleague_invitation(invitation_id: int) -> None:
    invitation = SchoolInvitation.objects.select_related("school", "invited_by").get(
        pk=invitation_id
    )
    names = {"inviter": invitation.invited_by.email, "school": invitation.school.name}
    send_email(
        "notice",
        invitation.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("Book factory visits for %(school)s") % names,
            "paragraphs": [
                _(
                    "%(inviter)s invites you to book factory visits for classes of "
                    "%(school)s. Create your teacher account with this address (or log in), "
                    "then open this link."
                )
                % names
            ],
            "link": absolute(reverse("teachers:accept_invitation", args=[invitation.token])),
            "link_label": _("Join my school"),
        },
    )
