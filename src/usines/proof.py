"""A proof of work on the public forms, with no third-party service (the ALTCHA
protocol, python `altcha`): once one client address has posted a form more than
PROOF_FREE_POSTS times in the current window of its rate limit, the form carries a
challenge that the browser solves (`ui/static/js/proof.js`: find the number whose
SHA-256 with the salt is the challenge, about a second) before it may post again.

People behind one school or company address post a few forms each; a script that
posts hundreds pays a second of work for each one, and a solution works once. The
first posts need no JavaScript, so the forms keep working without it for everyone
but a busy address.
"""

import datetime

import altcha
from django.conf import settings
from django.core.cache import cache
from django.forms import Form
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from usines import limits
from usines.limits import Limit

FIELD = "altcha"
MAX_NUMBER = 20_000  # the browser tries up to this many numbers: about a second
VALID_MINUTES = 10
MESSAGE = _(
    "Many forms were sent from your network just now: your browser must solve a short "
    "check first (it needs JavaScript). Wait for it, then send the form again."
)


def required(request: HttpRequest, limit: Limit) -> bool:
    """Whether this client address has posted enough under `limit` to owe a proof."""
    return limits.used(request, limit) > settings.PROOF_FREE_POSTS


def challenge() -> dict:
    """A new challenge, signed with the secret key, valid VALID_MINUTES."""
    expires = timezone.now() + datetime.timedelta(minutes=VALID_MINUTES)
    made = altcha.create_challenge_v1(
        hmac_key=settings.SECRET_KEY, max_number=MAX_NUMBER, expires=expires
    )
    return {
        "algorithm": made.algorithm,
        "challenge": made.challenge,
        "maxnumber": made.max_number,
        "salt": made.salt,
        "signature": made.signature,
    }


def solved(request: HttpRequest) -> bool:
    """Whether the post carries a solution of one of our challenges, not expired and
    never used before (a solution works once, in every web process)."""
    payload = request.POST.get(FIELD, "")
    if not payload or len(payload) > 2000:
        return False
    try:
        valid, _error = altcha.verify_solution_v1(payload, settings.SECRET_KEY)
    except (ValueError, TypeError, KeyError):
        return False
    return valid and cache.add(f"proof:{payload[-120:]}", 1, VALID_MINUTES * 60 + 60)


def accepted(request: HttpRequest, form: Form, limit: Limit) -> bool:
    """The posted form is valid and, from a busy address, carries its proof; when the
    proof is missing, the form says so."""
    if not form.is_valid():
        return False
    if required(request, limit) and not solved(request):
        form.add_error(None, MESSAGE)
        return False
    return True


def challenge_for(request: HttpRequest, limit: Limit) -> dict | None:
    """The challenge a page's form carries, when its address owes a proof."""
    return challenge() if required(request, limit) else None
