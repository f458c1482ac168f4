"""Every write of a host or an organiser on sites, participations, visits and slots.

Each function is one transaction: it checks its rules, writes, records who did it
and when, and writes the e-mails' tasks in the same transaction (the worker sees
them once it commits; a rollback takes them back). Views, the API and tests
call these; nothing else changes a participation's status or a slot's capacity.

Participation statuses: draft → submitted → approved → published; an organiser may
send a submission back to draft with a message (changes requested) or decline it;
the host may withdraw at any time. A host registers, takes part again and submits
only during the edition's registration phase (a visit sent back for changes may be
submitted again after it). Status changes are conditional UPDATEs, so two
organisers deciding at once cannot both succeed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.fr import siret as siret_number

from usines.accounts.models import Role, User
from usines.editions.calendar import edition_calendar
from usines.editions.models import Edition, EditionDay, PhaseKind
from usines.factories import photos, returning, tasks
from usines.factories.exceptions import (
    InvalidSlots,
    InvalidTransition,
    MessageRequired,
    NotReady,
    RegistrationClosed,
    SiretTaken,
)
from usines.factories.models import (
    Company,
    Participation,
    ParticipationAction,
    ParticipationEvent,
    ParticipationStatus,
    Site,
    SitePhoto,
    Slot,
    Visit,
)
from usines.factories.signals import participation_registered
from usines.reference.models import Commune, NafCode

MAX_SLOTS_PER_DAY = 40
MIN_SLOT_INTERVAL = 10


@dataclass(frozen=True)
class SiteDetails:
    """What a host types to register a site (validated by the form)."""

    siret: str
    name: str
    address: str
    postcode: str
    commune: Commune
    naf: NafCode
    headcount_band: str
    products: str = ""
    summary: str = ""
    description: str = ""
    latitude: float | None = None
    longitude: float | None = None
    company_name: str = ""


def _record(participation: Participation, action: str, actor: User | None, message="") -> None:
    ParticipationEvent.objects.create(
        participation=participation, action=action, actor=actor, message=message
    )


def check_registration_open(edition: Edition, now: datetime | None = None) -> None:
    """Raise RegistrationClosed, saying when it opens if it is to come, outside the
    edition's registration phase."""
    opening = edition_calendar(edition).opening(PhaseKind.REGISTRATION, now or timezone.now())
    if opening.is_open:
        return
    if opening.is_upcoming:
        raise RegistrationClosed(
            _("Registration for %(edition)s opens on %(date)s.")
            % {
                "edition": edition.name,
                "date": timezone.localtime(opening.window.opens_at).strftime("%d/%m/%Y"),
            }
        )
    raise RegistrationClosed(
        _("Registration for %(edition)s is closed.") % {"edition": edition.name}
    )


@transaction.atomic
def register_site(user: User, edition: Edition, details: SiteDetails) -> Participation:
    """Register a site for an edition, with the user in its team; a draft to complete.

    A SIRET already taking part in the edition raises SiretTaken (its team can
    invite the user); a site of a past edition is reused when the user is in its team.
    Outside the registration phase, RegistrationClosed.
    """
    check_registration_open(edition)
    number = siret_number.compact(details.siret)
    site = Site.objects.filter(siret=number).first()
    if site is not None:
        already = Participation.objects.filter(site=site, edition=edition).exists()
        if already or not site.team.filter(pk=user.pk).exists():
            raise SiretTaken(site)
    else:
        company, _created = Company.objects.get_or_create(
            siren=number[:9], defaults={"name": details.company_name or details.name}
        )
        site = Site(
            company=company,
            siret=number,
            name=details.name,
            address=details.address,
            postcode=details.postcode,
            commune=details.commune,
            latitude=details.latitude if details.latitude is not None else details.commune.latitude,
            longitude=details.longitude
            if details.longitude is not None
            else details.commune.longitude,
            naf=details.naf,
            headcount_band=details.headcount_band,
            products=details.products,
            summary=details.summary,
            description=details.description,
        )
        site.full_clean()
        site.save()
    site.team.add(user)
    if user.role == Role.VISITOR:
        user.role = Role.HOST
        user.save(update_fields=["role"])
    participation = Participation.objects.create(site=site, edition=edition)
    Visit.objects.create(
        participation=participation,
        title=_("Discover %(name)s") % {"name": site.name},
        description="",
    )
    _record(participation, ParticipationAction.REGISTERED, user)
    participation_registered.send(sender=Participation, participation=participation)
    return participation


@transaction.atomic
def take_part_again(site: Site, user: User, edition: Edition) -> Participation:
    """A returning factory: a new draft with its last visit, jobs and rules, and its
    slots moved to the new edition's days (`returning.copy_visit`).

    Raises InvalidTransition when the site already takes part, RegistrationClosed
    outside the registration phase."""
    check_registration_open(edition)
    if Participation.objects.filter(site=site, edition=edition).exists():
        raise InvalidTransition(_("This site already takes part in this edition."))
    previous = returning.previous_participation(site, edition)
    participation = Participation.objects.create(site=site, edition=edition)
    if previous is None:
        Visit.objects.create(
            participation=participation, title=_("Discover %(name)s") % {"name": site.name}
        )
    else:
        returning.copy_visit(previous, participation)
    _record(
        participation,
        ParticipationAction.REGISTERED,
        user,
        _("Copied from %(edition)s") % {"edition": previous.edition.name} if previous else "",
    )
    participation_registered.send(sender=Participation, participation=participation)
    return participation


def request_to_join(user: User, site: Site) -> None:
    """Tell a site's team that someone asks to join it; they invite from their team page."""
    tasks.send_join_request.enqueue(site.pk, user.email)


def _transition(
    participation: Participation, allowed: tuple[str, ...], target: str, **fields
) -> None:
    changed = Participation.objects.filter(pk=participation.pk, status__in=allowed).update(
        status=target, **fields
    )
    if not changed:
        raise InvalidTransition
    participation.refresh_from_db()


@transaction.atomic
def submit_participation(participation: Participation, user: User) -> Participation:
    """A draft goes to the organisers' moderation queue once its visit is described,
    during the registration phase (or at any time when it was sent back for changes)."""
    if participation.submitted_at is None:
        check_registration_open(participation.edition)
    visit = participation.visit
    missing = [
        label
        for label, value in ((_("what the visit shows"), visit.description.strip()),)
        if not value
    ]
    if missing:
        raise NotReady(
            _("Complete the visit before submitting it: %(missing)s.")
            % {"missing": ", ".join(missing)}
        )
    _transition(
        participation,
        (ParticipationStatus.DRAFT,),
        ParticipationStatus.SUBMITTED,
        submitted_at=timezone.now(),
    )
    _record(participation, ParticipationAction.SUBMITTED, user)
    tasks.send_participation_update.enqueue(participation.pk, ParticipationAction.SUBMITTED)
    return participation


def _decide(
    participation: Participation,
    organiser: User,
    action: str,
    target: str,
    message: str,
    allowed: tuple[str, ...] = (ParticipationStatus.SUBMITTED,),
) -> Participation:
    now = timezone.now()
    _transition(
        participation,
        allowed,
        target,
        decided_at=now,
        decided_by=organiser,
        decision_message=message,
    )
    _record(participation, action, organiser, message)
    tasks.send_participation_update.enqueue(participation.pk, action)
    return participation


@transaction.atomic
def approve_participation(
    participation: Participation, organiser: User, message: str = ""
) -> Participation:
    return _decide(
        participation,
        organiser,
        ParticipationAction.APPROVED,
        ParticipationStatus.APPROVED,
        message.strip(),
    )


@transaction.atomic
def request_changes(participation: Participation, organiser: User, message: str) -> Participation:
    """Send a submission back to the host's draft, saying what to change."""
    if not message.strip():
        raise MessageRequired
    return _decide(
        participation,
        organiser,
        ParticipationAction.CHANGES_REQUESTED,
        ParticipationStatus.DRAFT,
        message.strip(),
    )


@transaction.atomic
def decline_participation(
    participation: Participation, organiser: User, message: str
) -> Participation:
    if not message.strip():
        raise MessageRequired
    return _decide(
        participation,
        organiser,
        ParticipationAction.DECLINED,
        ParticipationStatus.DECLINED,
        message.strip(),
        allowed=(ParticipationStatus.SUBMITTED, ParticipationStatus.APPROVED),
    )


@transaction.atomic
def publish_participation(participation: Participation, user: User) -> Participation:
    """An approved visit with at least one open slot goes on the public site."""
    if not participation.visit.slots.filter(is_cancelled=False).exists():
        raise NotReady(_("Open at least one slot before publishing the visit."))
    _transition(participation, (ParticipationStatus.APPROVED,), ParticipationStatus.PUBLISHED)
    _record(participation, ParticipationAction.PUBLISHED, user)
    tasks.send_participation_update.enqueue(participation.pk, ParticipationAction.PUBLISHED)
    return participation


def record_withdrawal(participation: Participation, user: User, message: str) -> None:
    """The participation's part of a host's withdrawal: its status and the record.
    Pages call `bookings.slots.withdraw_participation`, which also cancels the slots."""
    _transition(
        participation,
        (
            ParticipationStatus.DRAFT,
            ParticipationStatus.SUBMITTED,
            ParticipationStatus.APPROVED,
            ParticipationStatus.PUBLISHED,
        ),
        ParticipationStatus.WITHDRAWN,
    )
    _record(participation, ParticipationAction.WITHDRAWN, user, message)


def _starts(day: date, first: time, last: time, every_minutes: int) -> list[datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.combine(day, first, tz)
    end = datetime.combine(day, last, tz)
    starts = []
    while start <= end:
        starts.append(start)
        start += timedelta(minutes=every_minutes)
    return starts


@transaction.atomic
def create_slots(
    participation: Participation,
    day: EditionDay,
    first_start: time,
    last_start: time,
    every_minutes: int,
    duration_minutes: int,
    capacity_each: int,
) -> list[Slot]:
    """A whole day in one go: one slot every `every_minutes` from first to last start.

    A start that already has an open slot is skipped, so a repeated submission adds
    nothing twice.
    """
    if day.edition_id != participation.edition_id:
        raise InvalidSlots(_("This day is not a day of the edition."))
    if last_start < first_start:
        raise InvalidSlots(_("The last start must come after the first one."))
    if every_minutes < MIN_SLOT_INTERVAL:
        raise InvalidSlots(
            _("Leave at least %(minutes)s minutes between two starts.")
            % {"minutes": MIN_SLOT_INTERVAL}
        )
    if capacity_each < 1:
        raise InvalidSlots(_("Each slot needs at least one place."))
    starts = _starts(day.date, first_start, last_start, every_minutes)
    if len(starts) > MAX_SLOTS_PER_DAY:
        raise InvalidSlots(
            _("That makes %(count)s slots; %(max)s at most per day.")
            % {"count": len(starts), "max": MAX_SLOTS_PER_DAY}
        )
    visit = participation.visit
    taken = set(visit.slots.filter(day=day, is_cancelled=False).values_list("starts_at", flat=True))
    slots = [
        Slot(
            visit=visit,
            day=day,
            audience=day.audience,
            starts_at=start,
            ends_at=start + timedelta(minutes=duration_minutes),
            capacity=capacity_each,
        )
        for start in starts
        if start not in taken
    ]
    for slot in slots:
        slot.full_clean(exclude=["visit", "day"])
    return Slot.objects.bulk_create(slots)


def add_photo(site: Site, upload, description: str) -> SitePhoto:
    """Store a photo re-encoded as JPEG (no metadata kept) and its thumbnail. Raises
    PhotoRefused (see photos.py) for anything but a readable photo of a sane size."""
    upload.seek(0)
    with photos.open_photo(upload.read()) as image:
        photo = SitePhoto(site=site, description=description)
        photo.image.save("photo.jpg", photos.jpeg(image, photos.PHOTO_MAX_SIDE), save=False)
        photo.thumbnail.save("thumb.jpg", photos.jpeg(image, photos.THUMBNAIL_SIDE), save=False)
    photo.save()
    return photo


def delete_photo(photo: SitePhoto) -> None:
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)
    photo.delete()


def join_team(site: Site, user: User) -> None:
    """`user` joins the site's team (an invitation was accepted, see people.services);
    an account with no role yet becomes a host."""
    site.team.add(user)
    if user.role == Role.VISITOR:
        User.objects.filter(pk=user.pk).update(role=Role.HOST)
        user.role = Role.HOST


def leave_team(site: Site, user: User) -> bool:
    """`user` leaves the site's team; False if it was not in it."""
    if not site.team.filter(pk=user.pk).exists():
        return False
    site.team.remove(user)
    return True
