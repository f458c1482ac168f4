"""The invitations' e-mail, run by the task worker."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from usines.notifications.emails import absolute, send_email
from usines.people.models import Invitation, InvitedRole


def _what(invitation: Invitation) -> str:
    """The role offered, in words, read when the e-mail is written."""
    if invitation.role == InvitedRole.ORGANISER:
        if invitation.region_id:
            return _("organise the event in %(region)s") % {"region": invitation.region.name}
        return _("organise the event nationally")
    if invitation.role == InvitedRole.HOST:
        return _("prepare the open factory day of %(site)s") % {"site": invitation.site.name}
    return _("canvass factories for %(network)s") % {"network": invitation.network.name}


@task()
def send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("region", "site", "network", "invited_by").get(
        pk=invitation_id
    )
    names = {
        "inviter": invitation.invited_by.get_full_name() or invitation.invited_by.email
        if invitation.invited_by
        else "Usines Ouvertes",
        "email": invitation.email,
        "date": invitation.expires_at.date().isoformat(),
    }
    send_email(
        "notice",
        invitation.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("An invitation to %(what)s") % {"what": _what(invitation)},
            "paragraphs": [
                _("%(inviter)s invites you to %(what)s on Usines Ouvertes.")
                % {**names, "what": _what(invitation)},
                _(
                    "Log in, or create your account, with this address (%(email)s), then "
                    "open this link. It works once, until %(date)s."
                )
                % names,
            ],
            "link": absolute(reverse("web:invitation", args=[invitation.token])),
            "link_label": _("See the invitation"),
        },
    )
