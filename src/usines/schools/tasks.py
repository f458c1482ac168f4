"""The schools' e-mails, run by the task worker."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from usines.notifications.emails import absolute, send_email
from usines.schools.models import CoachRequest


@task()
def send_coach_details(request_id: int) -> None:
    """Tell a teacher which coach takes the class: pick-up order, other stops, size."""
    request = CoachRequest.objects.select_related(
        "pool", "class_group__teacher", "class_group__booking__slot__visit__participation__site"
    ).get(pk=request_id)
    stops = list(request.pool.requests.order_by("stop_order").select_related("class_group__school"))
    site = request.class_group.booking.slot.visit.participation.site
    send_email(
        "notice",
        request.class_group.teacher.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("Your coach to %(site)s") % {"site": site.name},
            "paragraphs": [
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
                },
                _("The coach company will confirm the times; the visit sheet has the details."),
            ],
            "link": absolute(reverse("teachers:home")),
            "link_label": _("My classes"),
        },
    )
