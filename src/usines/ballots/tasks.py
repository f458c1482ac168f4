"""The ballots' e-mails, run by the task worker. Winners get their ticket from the
bookings app (the booking confirmation); these say an entry was received and, to
those not drawn, where they wait."""

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from usines.ballots.models import BallotEntry
from usines.notifications.emails import absolute, send_email


def _entry(entry_id: int) -> BallotEntry | None:
    return (
        BallotEntry.objects.select_related("ballot__visit__participation__site")
        .filter(pk=entry_id)
        .first()
    )


@task()
def send_entry_received(entry_id: int) -> None:
    """The entry's summary and its secret link (to change it until the close)."""
    entry = _entry(entry_id)
    if entry is None:
        return
    with translation.override(entry.language):
        closes = formats.date_format(timezone.localtime(entry.ballot.closes_at), "DATETIME_FORMAT")
        context = {
            "subject": _("Your ballot entry %(reference)s") % {"reference": entry.reference},
            "paragraphs": [
                _(
                    "Your entry is received. The places are drawn after the entries close, "
                    "on %(closes)s; entering early or late changes nothing."
                )
                % {"closes": closes},
                _("You can change or withdraw your entry until then."),
            ],
            "link": absolute(reverse("web:ballot_entry", args=[entry.token])),
            "link_label": _("See my entry"),
        }
    send_email("notice", entry.email, entry.language, context)


@task()
def send_not_drawn(entry_id: int) -> None:
    """To an entrant whose choices were all taken before its turn."""
    entry = _entry(entry_id)
    if entry is None:
        return
    with translation.override(entry.language):
        context = {
            "subject": _("Ballot result: %(reference)s") % {"reference": entry.reference},
            "paragraphs": [
                _(
                    "The draw did not give you a place: your choices were full before your "
                    "turn (you were drawn in position %(position)s)."
                )
                % {"position": entry.position},
                _(
                    "You are on the waiting list of each of your choices, in the order of the "
                    "draw: if places are freed, you will be offered them by e-mail."
                ),
            ],
            "link": absolute(reverse("web:ballot_entry", args=[entry.token])),
            "link_label": _("See my entry"),
        }
    send_email("notice", entry.email, entry.language, context, once=f"ballot-lost-{entry.pk}")
