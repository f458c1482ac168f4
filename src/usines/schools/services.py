"""Class bookings: a teacher books a school-day slot for a whole class, as one unit.

A class takes pupils + adults places, through the same capacity code as any
booking (so it can never oversell), plus the host's own limits: levels welcomed,
the visit's minimum age, and a number of classes per slot. That number is counted
under the slot's row lock (`capacity.lock_slot`), which every writer of the slot
takes first, so two classes racing for the last class place cannot both get it.
A full slot takes a class on its waiting list; freed places are offered to it only
when the whole class fits (see `bookings.services.offer_freed_places`).
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from usines.accounts.models import User
from usines.bookings import consent
from usines.bookings.exceptions import SlotFull
from usines.bookings.models import Booking, WaitlistEntry
from usines.bookings.rules import bookable_slot, check_bookable, class_cap_reached
from usines.bookings.services import (
    BookingResult,
    WaitlistResult,
    made_with_key,
    save_booking,
    save_waitlist_entry,
)
from usines.editions.models import Audience
from usines.factories.models import Slot
from usines.schools.coaches import request_coach
from usines.schools.exceptions import ClassesFull, ClassListMismatch, LevelNotWelcomed
from usines.schools.membership import confirmed_school
from usines.schools.models import LEVEL_AGE, ClassGroup, ClassList, Level, School


@dataclass(frozen=True)
class ClassDetails:
    level: str
    track: str
    pupils: int
    girls: int
    adults: int
    special_needs: str = ""
    note_to_host: str = ""

    @property
    def persons(self) -> int:
        return self.pupils + self.adults


def welcomed_levels(slot: Slot) -> list[str]:
    return [code for code in slot.visit.school_levels.split(",") if code.strip()]


def check_class(slot: Slot, details: ClassDetails) -> None:
    """The host's rules for classes: levels welcomed and the visit's minimum age."""
    levels = welcomed_levels(slot)
    if levels and details.level not in levels:
        raise LevelNotWelcomed(_("This visit does not welcome this level."))
    age = LEVEL_AGE.get(details.level)
    if age is not None and age < slot.visit.minimum_age:
        raise LevelNotWelcomed(
            _("This visit is for pupils aged %(age)s and over.") % {"age": slot.visit.minimum_age}
        )


def _class_slot(
    slot_id: int, teacher: User, details: ClassDetails, now: datetime
) -> tuple[School, Slot]:
    """The teacher's school and the slot, once the day's rules and the host's limits
    allow this class on it (booked or waiting)."""
    school = confirmed_school(teacher)
    slot = bookable_slot(slot_id)
    check_bookable(slot, details.persons, Audience.SCHOOL, now)
    check_class(slot, details)
    return school, slot


def _group(school: School, teacher: User, details: ClassDetails) -> ClassGroup:
    return ClassGroup.objects.create(
        school=school,
        teacher=teacher,
        level=details.level,
        track=details.track,
        pupils=details.pupils,
        girls=details.girls,
        adults=details.adults,
        special_needs=details.special_needs,
        note_to_host=details.note_to_host,
    )


def _class_fields(group: ClassGroup, teacher: User, details: ClassDetails, key, now) -> dict:
    """A class booking's or waiting-list entry's fields: its group and the teacher's
    contact, named after the school and level."""
    return {
        "class_group": group,
        "name": f"{group.school.name} – {Level(details.level).label}"[:150],
        "email": teacher.email,
        "postcode": group.school.postcode,
        "language": "fr",
        "idempotency_key": key or None,
        "consent_at": now,
        "consent_version": consent.CLASS,  # ticked on the class form (teachers.forms)
    }


@dataclass(frozen=True)
class CoachWish:
    seats: int
    leave_after: time | None = None


def book_class(
    slot_id: int,
    teacher: User,
    details: ClassDetails,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    coach: CoachWish | None = None,
) -> BookingResult:
    """Book a school-day slot for a class, all or nothing, with its coach request if
    any; a retry with the same key returns the first booking."""
    if existing := made_with_key(Booking, idempotency_key):
        return BookingResult(existing, created=False)
    now = now or timezone.now()
    school, slot = _class_slot(slot_id, teacher, details, now)

    def refuse(slot: Slot) -> None:
        if class_cap_reached(slot):
            raise ClassesFull()

    def fields() -> dict:
        group = _group(school, teacher, details)
        if coach is not None:  # in the booking's transaction: both or neither
            request_coach(group, coach.seats, coach.leave_after)
        return _class_fields(group, teacher, details, idempotency_key, now)

    try:
        return save_booking(slot, details.persons, idempotency_key, fields, refuse)
    except SlotFull as error:
        raise not_enough_places(slot.pk, details.persons) from error


def not_enough_places(slot_id: int, persons: int) -> SlotFull:
    """The error a teacher reads when the class does not fit: how many places the
    class needs and how many the slot has left, read after the refusal."""
    slot = Slot.objects.only("capacity", "booked").get(pk=slot_id)
    left = slot.available
    if left == 0:
        return SlotFull(
            _("Your class needs %(needed)s places (pupils and adults) but this slot is full.")
            % {"needed": persons}
        )
    return SlotFull(
        ngettext(
            "Your class needs %(needed)s places (pupils and adults) but only %(left)s place "
            "is left on this slot.",
            "Your class needs %(needed)s places (pupils and adults) but only %(left)s places "
            "are left on this slot.",
            left,
        )
        % {"needed": persons, "left": left}
    )


def join_class_waitlist(
    slot_id: int,
    teacher: User,
    details: ClassDetails,
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> WaitlistResult:
    """Put a class on a full slot's waiting list, as one unit."""
    if existing := made_with_key(WaitlistEntry, idempotency_key):
        return WaitlistResult(existing, created=False)
    now = now or timezone.now()
    school, slot = _class_slot(slot_id, teacher, details, now)
    if details.persons > slot.capacity:
        raise SlotFull(
            ngettext(
                "Your class needs %(needed)s places (pupils and adults) but this slot has "
                "%(capacity)s place in all.",
                "Your class needs %(needed)s places (pupils and adults) but this slot has "
                "%(capacity)s places in all.",
                slot.capacity,
            )
            % {"needed": details.persons, "capacity": slot.capacity}
        )

    def fields() -> dict:
        group = _group(school, teacher, details)
        return _class_fields(group, teacher, details, idempotency_key, now)

    return save_waitlist_entry(
        slot, details.persons, idempotency_key, fields, now, blocked=class_cap_reached
    )


def parse_class_list(text: str, with_birth_dates: bool) -> list[dict]:
    """One person a line: "Name" or, when the site asks, "Name; DD/MM/YYYY"."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        name, _sep, born = (part.strip() for part in line.partition(";"))
        if with_birth_dates:
            try:
                born = datetime.strptime(born, "%d/%m/%Y").date().isoformat()
            except ValueError as error:
                raise ClassListMismatch(
                    _("Line %(number)s: write the birth date as DD/MM/YYYY after a “;”.")
                    % {"number": number}
                ) from error
            entries.append({"name": name, "born": born})
        else:
            entries.append({"name": name})
    return entries


@transaction.atomic
def attach_class_list(group: ClassGroup, text: str) -> ClassList:
    """Store a class's names, for a site that requires them; deleted after the visit."""
    booking = Booking.objects.select_related("slot__visit__participation__site", "slot__day").get(
        class_group=group
    )
    site = booking.slot.visit.participation.site
    if not site.requires_named_visitors:
        raise ClassListMismatch(_("This factory does not ask for names: send none."))
    entries = parse_class_list(text, site.requires_birth_dates)
    if len(entries) != group.persons:
        raise ClassListMismatch(
            _(
                "The list has %(count)s names but the class counts %(persons)s persons "
                "(pupils and adults)."
            )
            % {"count": len(entries), "persons": group.persons}
        )
    name_list, _created = ClassList.objects.update_or_create(
        class_group=group, defaults={"entries": entries}
    )
    purge_at = datetime.combine(
        booking.slot.day.date + timedelta(days=1), time(0), timezone.get_current_timezone()
    )
    purge_class_lists_task.using(run_after=purge_at).enqueue()
    return name_list


def purge_class_lists(now: datetime | None = None) -> int:
    """Delete every class list whose visit day is over; the counts stay."""
    today = timezone.localdate(now or timezone.now())
    stale = ClassList.objects.filter(class_group__booking__slot__day__date__lt=today)
    return stale.delete()[0]


@task()
def purge_class_lists_task() -> int:
    """Scheduled for the day after a visit whose class list was sent."""
    return purge_class_lists()


def record_class_presence(group: ClassGroup, pupils: int, girls: int, adults: int) -> ClassGroup:
    """The host's count of who actually came with a class."""
    if girls > pupils:
        raise ClassListMismatch(_("There cannot be more girls than pupils."))
    if pupils > group.pupils + 10 or adults > group.adults + 10:
        raise ClassListMismatch(_("These numbers are far above the booking: check them."))
    ClassGroup.objects.filter(pk=group.pk).update(
        present_pupils=pupils, present_girls=girls, present_adults=adults
    )
    group.refresh_from_db()
    return group
