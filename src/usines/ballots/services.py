"""Setting up a ballot and entering it. The draw itself is in drawing.py.

An entry is one party (a family, a group) with up to `max_choices` ranked slots of
the ballot, one per e-mail address and ballot, changed through its secret link until
the ballot closes.
"""

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines.accounts.models import User
from usines.ballots import tasks
from usines.ballots.draw import seed_commitment
from usines.ballots.exceptions import (
    AlreadyEntered,
    BallotClosed,
    BallotSetupError,
    InvalidChoices,
)
from usines.ballots.models import MAX_CHOICES, Ballot, BallotChoice, BallotEntry, BallotStatus
from usines.ballots.queries import ballot_slots
from usines.bookings.models import Booking, BookingStatus
from usines.editions.models import Audience, Edition
from usines.factories.models import Visit
from usines.schools.membership import confirmed_school
from usines.schools.models import Level, School
from usines.schools.services import ClassDetails, check_class


@dataclass(frozen=True)
class Entrant:
    name: str
    email: str
    postcode: str = ""
    language: str = "fr"


def create_ballot(
    edition: Edition,
    audience: str,
    opens_at: datetime,
    closes_at: datetime,
    max_choices: int = 3,
    priority_first_time: bool = False,
    visit: Visit | None = None,
    actor=None,
) -> Ballot:
    """Put a visit's slots, or every slot of an audience in an edition, into ballot
    mode between `opens_at` and `closes_at`. The hash of the draw's secret is fixed and
    public from now on. Raises BallotSetupError when the window or the number of
    choices is wrong, or when the same slots already have a ballot not drawn."""
    if closes_at <= opens_at:
        raise BallotSetupError(_("The entries must close after they open."))
    if not 1 <= max_choices <= MAX_CHOICES:
        raise BallotSetupError(
            _("An entry ranks from 1 to %(limit)s choices.") % {"limit": MAX_CHOICES}
        )
    if visit is not None and visit.participation.edition_id != edition.pk:
        raise BallotSetupError(_("This visit is not part of this edition."))
    pending = Ballot.objects.filter(edition=edition, audience=audience, visit=visit).exclude(
        status=BallotStatus.DRAWN
    )
    if pending.exists():
        raise BallotSetupError(_("These slots already have a ballot that is not drawn."))
    ballot = Ballot(
        edition=edition,
        audience=audience,
        visit=visit,
        opens_at=opens_at,
        closes_at=closes_at,
        max_choices=max_choices,
        priority_first_time=priority_first_time,
        created_by=actor,
    )
    ballot.seed_commitment = seed_commitment(ballot.seed_secret)
    ballot.save()
    return ballot


def check_open(ballot: Ballot, now: datetime) -> None:
    if ballot.status != BallotStatus.OPEN or now >= ballot.closes_at:
        raise BallotClosed(_("This ballot closed; its draw gives the places."))
    if now < ballot.opens_at:
        raise BallotClosed(
            _("This ballot opens on %(date)s.")
            % {"date": timezone.localtime(ballot.opens_at).strftime("%d/%m/%Y %H:%M")}
        )


def max_party(ballot: Ballot) -> int:
    edition = ballot.edition
    if ballot.audience == Audience.SCHOOL:
        return edition.max_class_size
    return min(edition.max_party_size, edition.max_places_per_email_per_slot)


def check_entry(ballot: Ballot, choices: list[int], party_size: int) -> None:
    """Raise InvalidChoices or BallotSetupError when the choices or the party do not
    fit the ballot: 1 to `max_choices` distinct slots of it, a party within bounds."""
    if not 1 <= party_size <= max_party(ballot):
        raise BallotSetupError(
            _("An entry is for 1 to %(limit)s places.") % {"limit": max_party(ballot)}
        )
    if not choices or len(set(choices)) != len(choices):
        raise InvalidChoices()
    if len(choices) > ballot.max_choices:
        raise InvalidChoices(_("Rank at most %(limit)s choices.") % {"limit": ballot.max_choices})
    allowed = set(ballot_slots(ballot).filter(pk__in=choices).values_list("pk", flat=True))
    if allowed != set(choices):
        raise InvalidChoices(_("One of the chosen slots is not part of this ballot."))


def is_first_time(ballot: Ballot, email: str) -> bool:
    """No booking under this address in an earlier edition."""
    return not Booking.objects.filter(
        email__iexact=email,
        status=BookingStatus.CONFIRMED,
        slot__day__edition__year__lt=ballot.edition.year,
    ).exists()


def _write_choices(entry: BallotEntry, choices: list[int]) -> None:
    entry.choices.all().delete()
    BallotChoice.objects.bulk_create(
        BallotChoice(entry=entry, rank=rank, slot_id=slot_id)
        for rank, slot_id in enumerate(choices, start=1)
    )


def enter_ballot(
    ballot: Ballot,
    entrant: Entrant,
    choices: list[int],
    party_size: int,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    school: School | None = None,
    teacher: User | None = None,
    class_details: dict | None = None,
) -> tuple[BallotEntry, bool]:
    """Enter a ballot with ranked choices; returns the entry and whether it is new.
    A class's entry (see `enter_class`) names its school, teacher and class.

    The same `idempotency_key` returns the first entry (a double submit); an address
    that entered already gets its link again by e-mail and AlreadyEntered is raised.
    Raises BallotClosed, InvalidChoices or BallotSetupError; nothing is written then."""
    now = now or timezone.now()
    if idempotency_key and (
        existing := BallotEntry.objects.filter(idempotency_key=idempotency_key).first()
    ):
        return existing, False
    check_open(ballot, now)
    check_entry(ballot, choices, party_size)
    email = entrant.email.strip().lower()
    entry = BallotEntry(
        ballot=ballot,
        name=entrant.name,
        email=email,
        postcode=entrant.postcode,
        language=entrant.language,
        party_size=party_size,
        first_time=is_first_time(ballot, email),
        consent_at=now,
        idempotency_key=idempotency_key or None,
        school=school,
        teacher=teacher,
        class_details=class_details or {},
    )
    try:
        with transaction.atomic():
            entry.save()
            _write_choices(entry, choices)
            tasks.send_entry_received.enqueue(entry.pk)
    except IntegrityError:
        if idempotency_key and (
            existing := BallotEntry.objects.filter(idempotency_key=idempotency_key).first()
        ):
            return existing, False
        first = BallotEntry.objects.filter(ballot=ballot, email=email).first()
        if first is None:
            raise
        tasks.send_entry_received.enqueue(first.pk)
        raise AlreadyEntered() from None
    return entry, True


def enter_class(
    ballot: Ballot,
    teacher: User,
    details: ClassDetails,
    choices: list[int],
    idempotency_key: str | None = None,
    language: str = "fr",
    now: datetime | None = None,
) -> tuple[BallotEntry, bool]:
    """Enter a school-day ballot for a class, as one unit (its pupils and adults), from
    its teacher's space: one entry per teacher and ballot. Raises what `enter_ballot`
    raises, NoSchool or SchoolNotConfirmed, and LevelNotWelcomed when a chosen visit
    does not take this class."""
    if ballot.audience != Audience.SCHOOL:
        raise InvalidChoices(_("This ballot is not for classes."))
    school = confirmed_school(teacher)
    for slot in ballot_slots(ballot).filter(pk__in=choices).select_related("visit"):
        check_class(slot, details)
    entrant = Entrant(
        name=f"{school.name} – {Level(details.level).label}"[:150],
        email=teacher.email,
        postcode=school.postcode,
        language=language,
    )
    return enter_ballot(
        ballot,
        entrant,
        choices,
        details.persons,
        idempotency_key,
        now,
        school=school,
        teacher=teacher,
        class_details=asdict(details),
    )


def change_entry(
    token: str, choices: list[int], party_size: int, now: datetime | None = None
) -> BallotEntry:
    """Change an entry's choices and places until its ballot closes (its position is
    drawn anyway: entering early or late changes nothing)."""
    now = now or timezone.now()
    entry = BallotEntry.objects.select_related("ballot__edition").get(token=token)
    check_open(entry.ballot, now)
    check_entry(entry.ballot, choices, party_size)
    with transaction.atomic():
        BallotEntry.objects.filter(pk=entry.pk).update(party_size=party_size, updated_at=now)
        _write_choices(entry, choices)
    entry.refresh_from_db()
    return entry


def withdraw_entry(token: str, now: datetime | None = None) -> None:
    """Leave a ballot before it closes."""
    now = now or timezone.now()
    entry = BallotEntry.objects.select_related("ballot").get(token=token)
    check_open(entry.ballot, now)
    entry.delete()
