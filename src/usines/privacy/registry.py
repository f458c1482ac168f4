"""What the platform stores about people: one entry per kind of personal data, with
the model and fields that hold it, why, for how long and who sees it.

The personal data page is drawn from this list, with each field's name read from
its model, and the retention periods from the settings the purge obeys, so the page
follows the code. `test_privacy_registry.py` fails when a model gains a field that
looks personal (an e-mail address, a person's name or phone, free text about
people) that is neither here nor in `NOT_PERSONAL` with its reason: a new app that
stores people's data must say so here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from usines.bookings import links
from usines.mailinglist.models import PENDING_KEPT_DAYS


def _after_edition() -> str:
    months = settings.PERSONAL_DATA_MONTHS
    return ngettext(
        "Deleted %(n)s month after the edition's last day, or at once when you ask.",
        "Deleted %(n)s months after the edition's last day, or at once when you ask.",
        months,
    ) % {"n": months}


def _link_hours() -> str:
    return ngettext(
        "%(n)s hour, or until it is opened.",
        "%(n)s hours, or until it is opened.",
        links.LINK_HOURS,
    ) % {"n": links.LINK_HOURS}


def _log_months() -> str:
    months = settings.PERSONAL_DATA_MONTHS
    return ngettext("Deleted after %(n)s month.", "Deleted after %(n)s months.", months) % {
        "n": months
    }


def _with_booking() -> str:
    return str(
        _(
            "Kept with the booking's counts; the address a ticket was resent to is deleted "
            "with the booking's personal data."
        )
    )


def _day_after() -> str:
    return str(_("Deleted the day after the visit."))


def _while_account() -> str:
    return str(_("As long as the account exists; an organiser deletes it on request."))


def _while_edition_prepared() -> str:
    return str(_("As long as the organisers prepare the editions; deleted on request."))


def _until_unsubscribed() -> str:
    return ngettext(
        "Until you unsubscribe (one click in every message); a request not confirmed "
        "is deleted after %(n)s day.",
        "Until you unsubscribe (one click in every message); a request not confirmed "
        "is deleted after %(n)s days.",
        PENDING_KEPT_DAYS,
    ) % {"n": PENDING_KEPT_DAYS}


@dataclass(frozen=True)
class DataKind:
    key: str
    title: Promise
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    purpose: Promise
    retention: Callable[[], str]
    seen_by: Promise

    def stored(self) -> list[str]:
        """The fields' names as the model calls them, in the reader's language."""
        meta = apps.get_model(self.model)._meta
        return [str(meta.get_field(name).verbose_name) for name in self.fields]


REGISTRY: tuple[DataKind, ...] = (
    DataKind(
        "bookings",
        _("Visitors' bookings"),
        "bookings.Booking",
        (
            "name",
            "email",
            "postcode",
            "language",
            "party_size",
            "consent_at",
            "consent_version",
            "checked_in_at",
        ),  # fmt: skip
        _("To keep your places, send your ticket and changes, and let you in at the gate."),
        _after_edition,
        _(
            "You; the host team of the factory you visit (name, places, arrival); the "
            "organisers' help desk."
        ),  # fmt: skip
    ),
    DataKind(
        "waitlist",
        _("Waiting lists"),
        "bookings.WaitlistEntry",
        ("name", "email", "postcode", "language", "party_size", "consent_at", "consent_version"),
        _("To offer you places that free up, in the order people joined."),
        _after_edition,
        _("You; the organisers' help desk."),
    ),
    DataKind(
        "bookings_links",
        _("Links to your bookings"),
        "bookings.BookingsLink",
        ("email",),
        _("To e-mail you the link that opens the list of your bookings."),
        _link_hours,
        _("Nobody: only the e-mail is sent."),
    ),
    DataKind(
        "ballot_entries",
        _("Ballot entries"),
        "ballots.BallotEntry",
        ("name", "email", "postcode", "language", "party_size", "consent_at"),
        _("To draw the places of the most wanted visits and send you the result."),
        _after_edition,
        _("You; the organisers (the draw's published log names no one)."),
    ),
    DataKind(
        "next_edition_list",
        _("The next edition list"),
        "mailinglist.Subscription",
        ("email", "language", "source", "requested_at", "confirmed_at", "consent_version"),
        _("To e-mail you the news of the next edition, which you asked for and confirmed."),
        _until_unsubscribed,
        _("The national organisers, who send the news."),
    ),
    DataKind(
        "classes",
        _("Class bookings"),
        "schools.ClassGroup",
        ("teacher", "level", "pupils", "girls", "adults", "special_needs", "note_to_host"),
        _(
            "To welcome a class: how many pupils and adults come, what support they need. "
            "No pupil's name or e-mail is asked for, and pupils have no account."
        ),  # fmt: skip
        _after_edition,
        _("The teacher; the host team of the factory; the organisers of the region."),
    ),
    DataKind(
        "class_needs",
        _("Special needs and notes of a class"),
        "schools.ClassGroup",
        ("special_needs", "note_to_host"),
        _(
            "So that the host prepares the visit (access, support); they may concern "
            "pupils' health, so they are kept the shortest time."
        ),  # fmt: skip
        _day_after,
        _("The teacher; the host team of the factory."),
    ),
    DataKind(
        "class_lists",
        _("Class name lists"),
        "schools.ClassList",
        ("entries",),
        _("Only for a site whose safety rules require visitors' names."),
        _day_after,
        _("The teacher; the host team of that site only."),
    ),
    DataKind(
        "class_contact",
        _("The teacher's contact on a class booking"),
        "bookings.Booking",
        ("email",),
        _("To send the teacher the class's ticket and any change to the visit."),
        _after_edition,
        _("The teacher; the host team; the organisers of the region."),
    ),
    DataKind(
        "accounts",
        _("Accounts of teachers, hosts, relays and organisers"),
        "accounts.User",
        ("username", "first_name", "last_name", "email", "email_confirmed_at"),
        _(
            "To log in and act in one's role. Visitors need no account, and no one under "
            "15 has one."
        ),  # fmt: skip
        _while_account,
        _("The account holder; organisers, for the roles they manage."),
    ),
    DataKind(
        "colleague_invitations",
        _("Invitations of colleagues to a school"),
        "schools.SchoolInvitation",
        ("email",),
        _("To send the invitation link to the person invited."),
        _while_account,
        _("Who invited; the organisers."),
    ),
    DataKind(
        "role_invitations",
        _("Invitations to a role"),
        "people.Invitation",
        ("email",),
        _("To send the invitation link to the person invited."),
        _while_account,
        _("Who invited; the organisers."),
    ),
    DataKind(
        "coach_drivers",
        _("Coach drivers"),
        "schools.CoachPool",
        ("driver_name", "driver_phone"),
        _("So that the classes and the host can reach the coach on the day."),
        _after_edition,
        _("The organisers; the teachers and hosts of the classes in the coach."),
    ),
    DataKind(
        "day_contacts",
        _("Hosts' contact on the day"),
        "factories.Visit",
        ("day_contact_name", "day_contact_phone"),
        _("So that teachers and coach drivers can call the factory on the day."),
        _while_account,
        _("The host team; the teachers and drivers of classes booked there; organisers."),
    ),
    DataKind(
        "prospects",
        _("Companies' contacts approached by relays"),
        "outreach.Prospect",
        ("contact_name", "contact_email", "contact_phone"),
        _("To invite companies to take part in an edition."),
        _while_edition_prepared,
        _("The relays of the network; the organisers."),
    ),
    DataKind(
        "prospect_notes",
        _("Notes on contacts with companies"),
        "outreach.Contact",
        ("note",),
        _("To follow up the invitation of a company."),
        _while_edition_prepared,
        _("The relays of the network; the organisers."),
    ),
    DataKind(
        "help_desk",
        _("The help desk's actions on bookings"),
        "bookings.BookingAction",
        ("action", "detail", "actor"),
        _("To know who changed a booking for a visitor, and when."),
        _with_booking,
        _("The organisers."),
    ),
    DataKind(
        "email_log",
        _("Log of e-mails sent"),
        "notifications.SentEmail",
        ("key", "sent_at"),
        _(
            "So that an e-mail is sent once: which message went out about which booking "
            "(by its number), or to which returning host."
        ),  # fmt: skip
        _log_months,
        _("Nobody but the platform's operators."),
    ),
)


# Fields that look personal but are not, with why: the registry's test reads this.
NOT_PERSONAL: dict[str, str] = {
    "reference.Region.name": "a region",
    "reference.Department.name": "a département",
    "reference.Commune.name": "a commune",
    "editions.Edition.name": "an edition",
    "editions.Edition.max_places_per_email_per_slot": "a booking rule of the edition",
    "editions.Edition.max_bookings_per_email_per_day": "a booking rule of the edition",
    "factories.Company.name": "a company",
    "factories.Site.name": "a factory site",
    "factories.Site.address": "a factory's address",
    "factories.Site.requires_birth_dates": "a site's rule for class lists",
    "factories.Participation.decision_message": "the organisers' message to a company",
    "factories.ParticipationEvent.message": "the organisers' message to a company",
    "schools.School.name": "a school",
    "schools.School.address": "a school's address",
    "schools.School.email": "a school's official address in the national directory",
    "outreach.Network.name": "a partner network",
    "outreach.Prospect.site_name": "a factory site",
    "outreach.ReferenceSource.file_name": "a statistics file",
    "scheduling.ScheduledJob.name": "a job of the platform",
    "privacy.PurgeLog.waitlist_entries": "a count of a purge",
    "privacy.PurgeLog.ballot_entries": "a count of a purge",
}


def registered_fields() -> set[str]:
    """Every "app_label.Model.field" the registry lists."""
    found = set()
    for kind in REGISTRY:
        model = apps.get_model(kind.model)
        found.update(f"{model._meta.label}.{name}" for name in kind.fields)
    return found
