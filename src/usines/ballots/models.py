"""Ballots for the most wanted visits: who entered, what they chose, what the draw gave.

A ballot covers one visit's slots, or every slot of one audience in an edition (the
public or the school bookings phase). While it is not drawn, its slots are entered,
not booked (`ballots.queries.ballot_for_slot`); once drawn, the places left are
booked first come, first served again.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from usines.editions.models import Audience

DEFAULT_CHOICES = 3
MAX_CHOICES = 5
# No 0/O, 1/I/L: an entry's public reference is read aloud and compared with the log.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))


def new_token() -> str:
    return secrets.token_urlsafe(24)


def new_secret() -> str:
    return secrets.token_hex(32)


class BallotStatus(models.TextChoices):
    OPEN = "open", _("Taking entries")
    DRAWING = "drawing", _("Being drawn")
    DRAWN = "drawn", _("Drawn")


class Ballot(models.Model):
    edition = models.ForeignKey("editions.Edition", models.CASCADE, related_name="ballots")
    # One visit's slots; empty: every slot of `audience` in the edition.
    visit = models.ForeignKey(
        "factories.Visit", models.CASCADE, null=True, blank=True, related_name="ballots"
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    opens_at = models.DateTimeField(_("entries open at"))
    closes_at = models.DateTimeField(_("entries close at"))
    max_choices = models.PositiveSmallIntegerField(
        _("ranked choices per entry, at most"), default=DEFAULT_CHOICES
    )
    priority_first_time = models.BooleanField(
        _("first-time visitors first"),
        default=False,
        help_text=_("Entrants with no booking in an earlier edition are drawn before the others."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BallotStatus.choices, default=BallotStatus.OPEN
    )
    # The platform's part of the seed, secret until the draw; its SHA-256 is public.
    seed_secret = models.CharField(max_length=64, default=new_secret, editable=False)
    seed_commitment = models.CharField(_("published seed hash"), max_length=64, editable=False)
    public_value = models.CharField(_("public value"), max_length=100, blank=True)
    log = models.JSONField(_("draw log"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    drawn_at = models.DateTimeField(_("drawn at"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["closes_at", "pk"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_choices__gte=1, max_choices__lte=MAX_CHOICES),
                name="ballot_max_choices",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="ballot_window"
            ),
        ]

    def __str__(self) -> str:
        if self.visit_id:
            return str(self.visit.participation.site.name)
        return str(Audience(self.audience).label)


class BallotEntry(models.Model):
    """One entrant of a ballot: one party (a family, a class), up to N ranked choices."""

    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="entries")
    # Public: the draw's log shows it instead of any personal data.
    reference = models.CharField(max_length=16, unique=True, default=new_reference, editable=False)
    # Secret: the entrant's link to read and change the entry.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"))
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    party_size = models.PositiveSmallIntegerField(_("places"))
    # A teacher's entry is for a class of this school (one unit, pupils and adults).
    school = models.ForeignKey(
        "schools.School", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    teacher = models.ForeignKey(
        "accounts.User", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The class, as `schools.services.ClassDetails` (level, track, pupils, girls, adults,
    # special needs, note to the host): its group is made when it is booked or waits.
    class_details = models.JSONField(default=dict, blank=True)
    first_time = models.BooleanField(_("first time"), default=False)
    consent_at = models.DateTimeField(_("consent given at"))
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    # What the draw gave: the position in the queue, the slot won and its rank.
    position = models.PositiveIntegerField(_("draw position"), null=True, blank=True)
    won_slot = models.ForeignKey(
        "factories.Slot", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    won_rank = models.PositiveSmallIntegerField(null=True, blank=True)
    booking = models.ForeignKey(
        "bookings.Booking", models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["ballot", "position", "pk"]
        verbose_name = _("ballot entry")
        verbose_name_plural = _("ballot entries")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "email"], name="ballot_entry_one_per_email"),
            models.CheckConstraint(condition=Q(party_size__gte=1), name="ballot_entry_party_size"),
        ]

    def __str__(self) -> str:
        return self.reference


class BallotChoice(models.Model):
    entry = models.ForeignKey(BallotEntry, models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("rank"))
    slot = models.ForeignKey("factories.Slot", models.CASCADE, related_name="+")

    class Meta:
        ordering = ["entry", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "rank"], name="ballot_choice_rank"),
            models.UniqueConstraint(fields=["entry", "slot"], name="ballot_choice_slot"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} #{self.rank}"
