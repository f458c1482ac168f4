"""Bookings of a slot and its waiting list. Only the bookings package writes them:
services.py for visitors, bulk.py for loading demo and benchmark data."""

import secrets
from datetime import datetime, timedelta

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines.reference.text import normalise

# No 0/O, 1/I/L: a check-in code is read aloud and typed at the factory gate.
CHECKIN_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CHECKIN_CODE_LENGTH = 10


# What a ticket, an e-mail or a booking page shows: the slot, its day and the site.
WITH_VISIT = ("slot__day__edition", "slot__visit__participation__site__commune")


def new_token() -> str:
    """The secret of a private link: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


def new_checkin_code() -> str:
    return "".join(secrets.choice(CHECKIN_ALPHABET) for _ in range(CHECKIN_CODE_LENGTH))


def search_names(name: str) -> tuple[str, str]:
    """A booker's name as the help desk looks it up (lower case, without accents or
    punctuation: `reference.text.normalise`), in the order typed and with its last word
    first, so that a prefix finds "Élodie Martin" by "elodie" and by "martin"."""
    words = normalise(name).split()
    return " ".join(words), " ".join(words[-1:] + words[:-1])


class SearchNameField(models.CharField):
    """One of `search_names(name)`, computed from `name` whenever the row is written, by
    whichever path writes it (the booking path's prebuilt INSERT, bulk loading and
    `save` all ask each field for its value through `pre_save`)."""

    def __init__(self, *args, surname_first: bool = False, **kwargs):
        self.surname_first = surname_first
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.surname_first:
            kwargs["surname_first"] = True
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = search_names(model_instance.name)[self.surname_first][: self.max_length]
        setattr(model_instance, self.attname, value)
        return value


class BookingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    # Not checked in by the slot's release time, or no answer to the reminders: the
    # places went back to the slot (bookings.release); a check-in takes them again
    # while they are still free.
    RELEASED = "released", _("Released (no-show)")


class Booking(models.Model):
    # Every booking writes each index of this table: only those a query uses are
    # kept. The slot is found through booking_slot_checkin (its first column), and
    # the unique codes below are constraints, which on PostgreSQL add no second index
    # for LIKE searches (none searches them so).
    slot = models.ForeignKey(
        "factories.Slot", models.PROTECT, related_name="bookings", db_index=False
    )
    party_size = models.PositiveSmallIntegerField(_("places"))
    name = models.CharField(_("name"), max_length=150)
    search_name = SearchNameField(max_length=150, default="", editable=False)
    search_surname = SearchNameField(max_length=150, default="", editable=False, surname_first=True)
    email = models.EmailField(_("e-mail"))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.CONFIRMED
    )
    token = models.CharField(max_length=64, default=new_token, editable=False)
    checkin_code = models.CharField(
        _("check-in code"), max_length=16, default=new_checkin_code, editable=False
    )
    idempotency_key = models.CharField(max_length=64, null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    # The key of the text agreed to (bookings.consent.TEXTS).
    consent_version = models.CharField(_("consent text"), max_length=32, blank=True, default="")
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    # When its person's data were deleted (bookings.retention): the counts stay.
    anonymised_at = models.DateTimeField(_("personal data deleted at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    reconfirmed_at = models.DateTimeField(_("said still coming at"), null=True, blank=True)
    class_group = models.OneToOneField(
        "schools.ClassGroup", models.PROTECT, null=True, blank=True, related_name="booking"
    )
    # The SEQUENCE of the visit's calendar entry: raised at every change the visitor's
    # calendar must follow (places, cancellation), so that the newer entry wins.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        indexes = [
            # Also serves "who is checked in" without reading every booking of a slot.
            models.Index(fields=["slot", "status", "checked_in_at"], name="booking_slot_checkin"),
            models.Index(fields=["email"], name="booking_email"),
            # The help desk's lookups by name (a prefix, see bookings.desk).
            models.Index(fields=["search_name"], name="booking_search_name"),
            models.Index(fields=["search_surname"], name="booking_search_surname"),
            models.Index(Lower("email"), name="booking_email_lower"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party_size__gte=1), name="booking_party_size"
            ),
            models.UniqueConstraint(fields=["token"], name="booking_token_unique"),
            models.UniqueConstraint(fields=["checkin_code"], name="booking_checkin_code_unique"),
            models.UniqueConstraint(fields=["idempotency_key"], name="booking_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.party_size} – {self.slot}"

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.CONFIRMED

    @property
    def is_released(self) -> bool:
        return self.status == BookingStatus.RELEASED


class BookingActionKind(models.TextChoices):
    TICKET_RESENT = "resent", _("Ticket sent again")
    PLACES_CHANGED = "changed", _("Places changed")
    CANCELLED = "cancelled", _("Cancelled")


class BookingAction(models.Model):
    """What an organiser of the help desk did to a booking, who and when (bookings.desk)."""

    booking = models.ForeignKey(Booking, models.CASCADE, related_name="actions")
    action = models.CharField(_("action"), max_length=10, choices=BookingActionKind.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    actor = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("help-desk action")
        verbose_name_plural = _("help-desk actions")

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.booking_id}"


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting")
    OFFERED = "offered", _("Places offered")
    ACCEPTED = "accepted", _("Accepted")
    EXPIRED = "expired", _("Offer expired")
    CANCELLED = "cancelled", _("Left the list")


class WaitlistEntry(models.Model):
    """A family or group waiting as one unit for `party_size` places of a full slot."""

    slot = models.ForeignKey("factories.Slot", models.PROTECT, related_name="waitlist")
    party_size = models.PositiveSmallIntegerField(_("places wanted"))
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    status = models.CharField(
        _("status"), max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    consent_version = models.CharField(_("consent text"), max_length=32, blank=True, default="")
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("personal data deleted at"), null=True, blank=True)
    booking = models.OneToOneField(
        Booking, models.SET_NULL, null=True, blank=True, related_name="waitlist_entry"
    )
    class_group = models.OneToOneField(
        "schools.ClassGroup", models.PROTECT, null=True, blank=True, related_name="waitlist_entry"
    )
    short_notice = models.BooleanField(
        _("can come at short notice"),
        default=False,
        help_text=_("Offered the places released on the day, to reach the gate within minutes."),
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        indexes = [
            models.Index(fields=["slot", "status", "created_at"], name="waitlist_queue"),
            models.Index(fields=["status", "offer_expires_at"], name="waitlist_offer_expiry"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(party_size__gte=1), name="waitlist_party_size"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.party_size} – {self.slot}"

    @property
    def waits_on_the_day(self) -> bool:
        """A short-notice party still in the running on the visit's day: its page
        refreshes itself to show the places released to it (bookings.release)."""
        return (
            self.short_notice
            and self.status in (WaitlistStatus.WAITING, WaitlistStatus.OFFERED)
            and timezone.localdate() == self.slot.day.date
        )

    @property
    def is_gate_offer(self) -> bool:
        """An offer of places released on the day (bookings.release): taken at the
        gate, where the host lets the party in, not accepted online."""
        return self.offered_at is not None and self.offered_at >= self.slot.starts_at


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


class BookingsLink(models.Model):
    """A link e-mailed to an address to open the list of its bookings, once, until
    `expires_at`. Opening it deletes it; expired ones are deleted as new ones are made."""

    email = models.EmailField(_("e-mail"))
    token = models.CharField(max_length=64, unique=True, default=new_link_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("link to one's bookings")
        verbose_name_plural = _("links to one's bookings")

    def __str__(self) -> str:
        return f"{self.email} – {self.expires_at:%d/%m %H:%M}"


class WalkInCategory(models.TextChoices):
    """Who came without a booking; pupils and teachers count for the school day."""

    ADULT = "adult", _("Adults")
    CHILD = "child", _("Children under 16")
    PUPIL = "pupil", _("Pupils")
    TEACHER = "teacher", _("Teachers")


SCHOOL_WALK_INS = (WalkInCategory.PUPIL, WalkInCategory.TEACHER)


class WalkIn(models.Model):
    """Visitors let in without a booking, recorded at the gate.

    `client_key` comes from the phone that recorded them, so a record replayed after
    a lost connection is stored once.
    """

    participation = models.ForeignKey(
        "factories.Participation", models.CASCADE, related_name="walk_ins"
    )
    day = models.ForeignKey("editions.EditionDay", models.PROTECT, related_name="walk_ins")
    # Set when the walk-ins took places released on this slot (bookings.release): they
    # count in its `booked` counter, which a late visitor's check-in then finds taken.
    slot = models.ForeignKey(
        "factories.Slot", models.PROTECT, null=True, blank=True, related_name="walk_ins"
    )
    category = models.CharField(_("who"), max_length=8, choices=WalkInCategory.choices)
    count = models.PositiveSmallIntegerField(_("how many"))
    client_key = models.CharField(max_length=64, unique=True)
    recorded_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("walk-in")
        verbose_name_plural = _("walk-ins")
        indexes = [models.Index(fields=["participation", "day"], name="walkin_participation_day")]
        constraints = [
            models.CheckConstraint(condition=models.Q(count__gte=1), name="walkin_count_positive")
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.get_category_display()}"


class SlotRelease(models.Model):
    """A host's own release time for a slot, instead of the edition's: minutes after
    the start, or never (`minutes` empty)."""

    slot = models.OneToOneField("factories.Slot", models.CASCADE, related_name="release_rule")
    minutes = models.PositiveSmallIntegerField(_("release after (minutes)"), null=True, blank=True)

    class Meta:
        verbose_name = _("release time of a slot")
        verbose_name_plural = _("release times of slots")

    def __str__(self) -> str:
        return f"{self.slot_id} +{self.minutes}"


def release_time(slot) -> datetime | None:
    """When the slot's places not checked in are released (bookings.release), or None
    (never): the host's time for the slot, else the edition's default."""
    try:
        minutes = slot.release_rule.minutes
    except SlotRelease.DoesNotExist:
        minutes = slot.day.edition.release_after_minutes
    return None if minutes is None else slot.starts_at + timedelta(minutes=minutes)


def answer_due_at(booking: "Booking") -> datetime | None:
    """When the answer to the reminders is due, if the edition releases the places of
    those who do not answer (bookings.reminders); None otherwise."""
    edition = booking.slot.day.edition
    if not edition.release_unconfirmed:
        return None
    return booking.slot.starts_at - timedelta(hours=edition.reconfirm_hours)


class ReminderKind(models.TextChoices):
    FIRST = "first", _("First reminder")
    SECOND = "second", _("Second reminder")
    WARNING = "warning", _("Warning before release")


class Reminder(models.Model):
    """A reminder e-mail queued for a booking: one row per booking and kind, so that
    each is sent once however often the job runs (bookings.reminders)."""

    booking = models.ForeignKey(Booking, models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(fields=["booking", "kind"], name="reminder_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.kind}"


class FactsChange(models.Model):
    """A change to what the web processes keep about the slots being booked
    (bookings/recent.py): at its next look, every process forgets what it keeps of
    the slots of one visit, participation, site or day (`scope`, `target`), or of
    every slot and calendar ("all"), or which slots are in a ballot ("ballots").
    Written once the change is committed; the oldest are deleted as new ones come."""

    scope = models.CharField(max_length=16)
    target = models.BigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("change to slot facts")
        verbose_name_plural = _("changes to slot facts")

    def __str__(self) -> str:
        return f"{self.scope} {self.target or ''}".strip()
