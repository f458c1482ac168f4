"""Who asked for news of the next edition: one row per e-mail address, kept as
little as the list needs (the address, the language of the e-mails, where and when
it was asked, confirmed and last left, and the consent text agreed to)."""

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

# The consent text a subscriber agrees to (the form's and the booking page's box);
# a new wording gets a new version, so that each row says which one it agreed to.
CONSENT_VERSION = "2026-1"
CONSENT_TEXT = _(
    "Send me news of the next edition by e-mail. I confirm by clicking the link I "
    "receive, and I can unsubscribe in one click from every message."
)
CONFIRM_DAYS = 7  # a confirmation link works this long
PENDING_KEPT_DAYS = 30  # a request never confirmed is deleted after this long


def new_subscription_token() -> str:
    """The secret of the confirmation and unsubscribe links: 192 random bits, URL-safe."""
    return secrets.token_urlsafe(24)


class Source(models.TextChoices):
    BOOKING = "booking", _("Booking a visit")
    PUBLIC_FORM = "form", _("Public form")


class SubscriptionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class Subscription(models.Model):
    """An address on the next edition's list. It receives news only once confirmed
    (double opt-in); a new request after unsubscribing reuses the row and keeps the
    last unsubscription's date."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    language = models.CharField(_("language of the e-mails"), max_length=8)
    source = models.CharField(_("asked from"), max_length=16, choices=Source.choices)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=SubscriptionStatus.choices,
        default=SubscriptionStatus.PENDING,
    )
    consent_version = models.CharField(_("version of the consent text agreed to"), max_length=16)
    requested_at = models.DateTimeField(_("last asked at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("last unsubscribed at"), null=True, blank=True)
    token = models.CharField(
        _("secret of the confirmation and unsubscribe links"),
        max_length=64,
        unique=True,
        default=new_subscription_token,
        editable=False,
    )

    class Meta:
        verbose_name = _("next edition list subscription")
        verbose_name_plural = _("next edition list subscriptions")
        indexes = [
            # The counts by status, the export of the confirmed, the purge of old requests.
            models.Index(fields=["status", "requested_at"], name="mailinglist_status_requested"),
        ]

    def __str__(self) -> str:
        return self.email
