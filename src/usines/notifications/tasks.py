"""Every e-mail is a task, enqueued on commit and run by the worker (`manage.py db_worker`).

Tasks take ids, not objects, and read the rows when they run, so a retried or late
task sends what is true then.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from usines.bookings.models import WITH_VISIT, Booking, WaitlistEntry
from usines.bookings.tickets import ticket_ics, ticket_qr_png
from usines.notifications.emails import Attachment, send_templated_email


def _booking_context(booking: Booking) -> dict:
    return {
        "booking": booking,
        "slot": booking.slot,
        "site": booking.slot.visit.participation.site,
        "visit": booking.slot.visit,
        "edition": booking.slot.day.edition,
        "manage_url": settings.SITE_URL + reverse("web:booking", args=[booking.token]),
    }


def _load_booking(booking_id: int) -> Booking:
    return Booking.objects.select_related(*WITH_VISIT).get(pk=booking_id)


def _load_entry(entry_id: int) -> WaitlistEntry:
    return WaitlistEntry.objects.select_related(*WITH_VISIT).get(pk=entry_id)


def _entry_context(entry: WaitlistEntry) -> dict:
    return {
        "entry": entry,
        "slot": entry.slot,
        "site": entry.slot.visit.participation.site,
        "visit": entry.slot.visit,
        "edition": entry.slot.day.edition,
        "entry_url": settings.SITE_URL + reverse("web:waitlist_entry", args=[entry.token]),
    }


@task()
def send_booking_confirmed(booking_id: int) -> None:
    booking = _load_booking(booking_id)
    send_templated_email(
        "booking_confirmed",
        booking.email,
        _booking_context(booking),
        booking.language,
        attachments=(
            Attachment("visite.ics", ticket_ics(booking), "text/calendar"),
            Attachment(f"billet-{booking.checkin_code}.png", ticket_qr_png(booking), "image/png"),
        ),
    )


@task()
def send_booking_changed(booking_id: int) -> None:
    booking = _load_booking(booking_id)
    send_templated_email(
        "booking_changed", booking.email, _booking_context(booking), booking.language
    )


@task()
def send_booking_cancelled(booking_id: int) -> None:
    booking = _load_booking(booking_id)
    send_templated_email(
        "booking_cancelled", booking.email, _booking_context(booking), booking.language
    )


@task()
def send_waitlist_joined(entry_id: int) -> None:
    entry = _load_entry(entry_id)
    send_templated_email("waitlist_joined", entry.email, _entry_context(entry), entry.language)


@task()
def send_waitlist_offer(entry_id: int) -> None:
    entry = _load_entry(entry_id)
    send_templated_email("waitlist_offer", entry.email, _entry_context(entry), entry.language)


@task()
def send_waitlist_offer_expired(entry_id: int) -> None:
    entry = _load_entry(entry_id)
    send_templated_email(
        "waitlist_offer_expired", entry.email, _entry_context(entry), entry.language
    )


@task()
def expire_waitlist_offer(entry_id: int) -> bool:
    """Scheduled at the offer's deadline; a no-op if the offer was taken meanwhile."""
    from usines.bookings.services import expire_offer  # services enqueue these tasks

    return expire_offer(entry_id)


def _send_notice(to: str, language: str, build) -> None:
    """Send the generic notice; `build()` runs in the recipient's language and returns
    its context: subject, paragraphs, and optionally quote, link and link_label."""
    with translation.override(language):
        context = build()
    send_templated_email("notice", to, context, language)


def _absolute(url: str) -> str:
    return settings.SITE_URL + url


def _team_emails(site) -> list[str]:
    return [email for email in site.team.values_list("email", flat=True) if email]


@task()
def send_participation_update(participation_id: int, action: str) -> None:
    """Tell a site's team what happened to its participation, with the organiser's words."""
    from usines.factories.models import Participation, ParticipationAction

    participation = Participation.objects.select_related("site", "edition").get(pk=participation_id)
    site, edition = participation.site, participation.edition
    texts = {
        ParticipationAction.SUBMITTED: (
            _("%(site)s: your visit is submitted"),
            _("The organisers of %(edition)s will review your visit and answer by e-mail."),
        ),
        ParticipationAction.APPROVED: (
            _("%(site)s: your visit is approved"),
            _(
                "The organisers approved your visit for %(edition)s. Open your slots, "
                "then publish the visit so that visitors can book it."
            ),
        ),
        ParticipationAction.CHANGES_REQUESTED: (
            _("%(site)s: a few changes before approval"),
            _(
                "The organisers of %(edition)s ask for a few changes to your visit. "
                "Make them, then submit the visit again."
            ),
        ),
        ParticipationAction.DECLINED: (
            _("%(site)s: your visit is not retained"),
            _("The organisers of %(edition)s did not retain your visit this time."),
        ),
        ParticipationAction.PUBLISHED: (
            _("%(site)s: your visit is online"),
            _("Your visit is published: visitors of %(edition)s can book it now."),
        ),
    }
    subject, paragraph = texts[action]
    names = {"site": site.name, "edition": edition.name}
    for email in _team_emails(site):
        _send_notice(
            email,
            settings.LANGUAGE_CODE,
            lambda subject=subject, paragraph=paragraph: {
                "subject": str(subject) % names,
                "paragraphs": [str(paragraph) % names],
                "quote": participation.decision_message,
                "link": _absolute(reverse("backoffice:site", args=[site.pk])),
                "link_label": _("Open my visit"),
            },
        )


@task()
def send_join_request(site_id: int, requester_email: str) -> None:
    from usines.factories.models import Site

    site = Site.objects.get(pk=site_id)
    for email in _team_emails(site):
        _send_notice(
            email,
            settings.LANGUAGE_CODE,
            lambda: {
                "subject": _("%(email)s asks to join the team of %(site)s")
                % {"email": requester_email, "site": site.name},
                "paragraphs": [
                    _(
                        "%(email)s tried to register %(site)s, which your team already "
                        "registered. If this is a colleague, invite them from the team page."
                    )
                    % {"email": requester_email, "site": site.name}
                ],
                "link": _absolute(reverse("backoffice:team", args=[site.pk])),
                "link_label": _("Open the team page"),
            },
        )


@task()
def send_team_invitation(invitation_id: int) -> None:
    from usines.factories.models import TeamInvitation

    invitation = TeamInvitation.objects.select_related("site", "invited_by").get(pk=invitation_id)
    inviter = invitation.invited_by.email if invitation.invited_by else ""
    _send_notice(
        invitation.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("Join the team of %(site)s") % {"site": invitation.site.name},
            "paragraphs": [
                _(
                    "%(inviter)s invites you to prepare the open factory day of %(site)s "
                    "with them. Log in or create your account, then open this link."
                )
                % {"inviter": inviter, "site": invitation.site.name}
            ],
            "link": _absolute(reverse("backoffice:accept_invitation", args=[invitation.token])),
            "link_label": _("Join the team"),
        },
    )


@task()
def send_slot_cancelled(booking_id: int, message: str) -> None:
    booking = _load_booking(booking_id)
    context = _booking_context(booking)
    _send_notice(
        booking.email,
        booking.language,
        lambda: {
            "subject": _("Your visit of %(site)s is cancelled") % {"site": context["site"].name},
            "paragraphs": [
                _(
                    "The factory had to cancel the visit of %(date)s that you booked. "
                    "Here is its message:"
                )
                % {
                    "date": formats.date_format(
                        timezone.localtime(booking.slot.starts_at), "DATETIME_FORMAT"
                    )
                }
            ],
            "quote": message,
            "link": settings.SITE_URL,
            "link_label": _("Find another visit"),
        },
    )


@task()
def send_waitlist_slot_cancelled(entry_id: int, message: str) -> None:
    entry = _load_entry(entry_id)
    _send_notice(
        entry.email,
        entry.language,
        lambda: {
            "subject": _("The visit of %(site)s is cancelled")
            % {"site": entry.slot.visit.participation.site.name},
            "paragraphs": [
                _("The visit you were waiting for is cancelled. Here is the factory's message:")
            ],
            "quote": message,
            "link": settings.SITE_URL,
            "link_label": _("Find another visit"),
        },
    )


@task()
def send_host_message(booking_id: int, subject: str, body: str) -> None:
    booking = _load_booking(booking_id)
    context = _booking_context(booking)
    _send_notice(
        booking.email,
        booking.language,
        lambda: {
            "subject": f"{context['site'].name} – {subject}",
            "paragraphs": [
                _("A message from %(site)s about your visit:") % {"site": context["site"].name}
            ],
            "quote": body,
            "link": context["manage_url"],
            "link_label": _("My booking"),
        },
    )


@task()
def send_account_confirmation(user_id: int, url: str) -> None:
    from usines.accounts.models import User

    user = User.objects.get(pk=user_id)
    _send_notice(
        user.email,
        settings.LANGUAGE_CODE,
        lambda: {
            "subject": _("Confirm your e-mail address"),
            "paragraphs": [
                _("Open this link to confirm your address and start registering your site.")
            ],
            "link": url,
            "link_label": _("Confirm my address"),
        },
    )


@task()
def refresh_edition_figures(edition_id: int) -> None:
    """Rebuild the organisers' dashboard figures (queued when they have aged)."""
    from usines.editions.models import Edition
    from usines.reports.figures import refresh

    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is not None:
        refresh(edition)


@task()
def purge_class_lists_task() -> int:
    """Scheduled for the day after a visit whose class list was sent."""
    from usines.schools.services import purge_class_lists

    return purge_class_lists()


@task()
def send_coach_details(request_id: int) -> None:
    """Tell a teacher which coach takes the class: pick-up order, other stops, size."""
    from usines.schools.models import CoachRequest

    request = CoachRequest.objects.select_related(
        "pool", "class_group__teacher", "class_group__booking__slot__visit__participation__site"
    ).get(pk=request_id)
    stops = list(request.pool.requests.order_by("stop_order").select_related("class_group__school"))
    site = request.class_group.booking.slot.visit.participation.site
    _send_notice(
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
            "link": _absolute(reverse("schools:home")),
            "link_label": _("My classes"),
        },
    )
