"""The e-mails of hosting a visit, run by the task worker: decisions on a
participation, requests to join a team, invitations to take part again.

Tasks take ids and read the rows when they run, so a late task says what is true then.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from usines.editions.calendar import edition_calendar
from usines.editions.models import Edition, PhaseKind
from usines.factories.models import Participation, ParticipationAction, Site
from usines.notifications.emails import absolute, send_email

# What the team reads for each decision: subject and paragraph.
DECISION_TEXTS = {
    ParticipationAction.SUBMITTED: (
        gettext_lazy("%(site)s: your visit is submitted"),
        gettext_lazy("The organisers of %(edition)s will review your visit and answer by e-mail."),
    ),
    ParticipationAction.APPROVED: (
        gettext_lazy("%(site)s: your visit is approved"),
        gettext_lazy(
            "The organisers approved your visit for %(edition)s. Open your slots, "
            "then publish the visit so that visitors can book it."
        ),
    ),
    ParticipationAction.CHANGES_REQUESTED: (
        gettext_lazy("%(site)s: a few changes before approval"),
        gettext_lazy(
            "The organisers of %(edition)s ask for a few changes to your visit. "
            "Make them, then submit the visit again."
        ),
    ),
    ParticipationAction.DECLINED: (
        gettext_lazy("%(site)s: your visit is not retained"),
        gettext_lazy("The organisers of %(edition)s did not retain your visit this time."),
    ),
    ParticipationAction.PUBLISHED: (
        gettext_lazy("%(site)s: your visit is online"),
        gettext_lazy("Your visit is published: visitors of %(edition)s can book it now."),
    ),
}


def team_emails(site: Site) -> list[str]:
    return [email for email in site.team.values_list("email", flat=True) if email]


@task()
def send_participation_update(participation_id: int, action: str) -> None:
    """Tell a site's team what happened to its participation, with the organiser's words."""
    participation = Participation.objects.select_related("site", "edition").get(pk=participation_id)
    site, edition = participation.site, participation.edition
    subject, paragraph = DECISION_TEXTS[action]
    names = {"site": site.name, "edition": edition.name}
    for email in team_emails(site):
        send_email(
            "notice",
            email,
            settings.LANGUAGE_CODE,
            lambda: {
                "subject": str(subject) % names,
                "paragraphs": [str(paragraph) % names],
                "quote": participation.decision_message,
                "link": absolute(reverse("hosts:site", args=[site.pk])),
                "link_label": _("Open my visit"),
            },
        )


@task()
def send_join_request(site_id: int, requester_email: str) -> None:
    site = Site.objects.get(pk=site_id)
    names = {"email": requester_email, "site": site.name}
    for email in team_emails(site):
        send_email(
            "notice",
            email,
            settings.LANGUAGE_CODE,
            lambda: {
                "subject": _("%(email)s asks to join the team of %(site)s") % names,
                "paragraphs": [
                    _(
                        "%(email)s tried to register %(site)s, which your team already "
                        "registered. If this is a colleague, invite them from the team page."
                    )
                    % names
                ],
                "link": absolute(reverse("hosts:team", args=[site.pk])),
                "link_label": _("Open the team page"),
            },
        )


@task()
def send_return_invitation(site_id: int, edition_id: int) -> None:
    """Invite a site's team to take part in an edition again with last time's set-up;
    nothing when the site is already back. Once per address and edition."""
    site = Site.objects.get(pk=site_id)
    edition = Edition.objects.get(pk=edition_id)
    if Participation.objects.filter(site=site, edition=edition).exists():
        return
    registration = edition_calendar(edition).opening(PhaseKind.REGISTRATION, timezone.now())

    def context() -> dict:
        names = {"site": site.name, "edition": edition.name}
        paragraphs = [
            _(
                "%(site)s opened its doors last time: take part in %(edition)s with it. "
                "One click copies your visit and your slots, moved to the new days, into "
                "a draft for you to check and submit."
            )
            % names
        ]
        if registration.is_open or registration.is_upcoming:
            paragraphs.append(
                _("Registration closes on %(date)s.")
                % {"date": date_format(registration.window.last_day, "j F Y")}
            )
        return {
            "subject": _("%(site)s: take part in %(edition)s again") % names,
            "paragraphs": paragraphs,
            "link": absolute(reverse("hosts:take_part_in", args=[site.pk, edition.pk])),
            "link_label": _("Take part again"),
        }

    for email in team_emails(site):
        send_email(
            "notice",
            email,
            settings.LANGUAGE_CODE,
            context,
            once=f"return:{edition.pk}:{site.pk}:{email}",
        )
