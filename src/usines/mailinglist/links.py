"""The links every message to a subscriber carries: confirm, and unsubscribe in one
click (RFC 8058: the `List-Unsubscribe` address takes a POST with no cookie)."""

from django.urls import reverse

from usines.notifications.emails import absolute


def confirm_url(token: str) -> str:
    return absolute(reverse("web:mailinglist_confirm", args=[token]))


def unsubscribe_url(token: str) -> str:
    return absolute(reverse("web:mailinglist_unsubscribe", args=[token]))


def unsubscribe_headers(token: str) -> dict[str, str]:
    """The headers that let a mail client offer its own "unsubscribe" button, which
    POSTs `List-Unsubscribe=One-Click` to the link (web/mailinglist_views.py)."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(token)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
