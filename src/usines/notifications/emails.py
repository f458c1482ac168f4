"""Render an e-mail in its recipient's language, as text and HTML, and send it.

Every e-mail of the platform goes through `send_email`: the domain apps' tasks
(`<app>/tasks.py`) read their rows and call it with a template name and a context.
A context may be a function, called in the recipient's language, so that strings
translated while building it come out in that language. This module knows no
domain app.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from usines.notifications.models import SentEmail


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def absolute(path: str) -> str:
    """A path of the site as a link that works from a mail client."""
    return settings.SITE_URL + path


def send_email(
    template: str,
    to: str,
    language: str,
    context: dict | Callable[[], dict],
    attachments: tuple[Attachment, ...] = (),
    once: str | None = None,
    headers: dict[str, str] | None = None,
) -> bool:
    """Send `notifications/<template>.{subject.txt,txt,html}` rendered in `language`;
    returns whether it was sent.

    The generic template `notice` takes `subject`, `paragraphs` and optionally
    `quote`, `link` and `link_label`. `headers` are added to the message (a mailing
    list's one-click unsubscribe, for instance). With a `once` key,
    the e-mail goes out once whatever the number of runs: the key is written in the
    transaction that sends, so a failed send writes nothing and a second run finds
    the key and stops. No address (its person's data were deleted since the task was
    queued): nothing is sent.
    """
    if not to:
        return False
    if once is None:
        _send(template, to, language, context, attachments, headers)
        return True
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentEmail.objects.create(key=once[:120])
        except IntegrityError:
            return False
        _send(template, to, language, context, attachments, headers)
    return True


def _send(
    template: str,
    to: str,
    language: str,
    context: dict | Callable[[], dict],
    attachments: tuple[Attachment, ...],
    headers: dict[str, str] | None,
) -> None:
    with translation.override(language):
        values = context() if callable(context) else context
        values = {"site_url": settings.SITE_URL, **values}
        subject = render_to_string(f"notifications/{template}.subject.txt", values)
        text = render_to_string(f"notifications/{template}.txt", values)
        html = render_to_string(f"notifications/{template}.html", values)
    message = EmailMultiAlternatives(
        # One line; no-break spaces (French punctuation) stay.
        subject=re.sub(r"[ \t\r\n]+", " ", subject).strip(),
        body=text,
        to=[to],
        from_email=settings.DEFAULT_FROM_EMAIL,
        headers=headers,
    )
    message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(attachment.filename, attachment.content, attachment.mimetype)
    message.send()
