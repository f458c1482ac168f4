"""Rate limits on every public write, counted in Django's cache, which every web
process shares (a database table by default, Redis with REDIS_URL), through
django-ratelimit.

A page or an operation calls `check(request, …)` with the limits of what it does;
the first limit exceeded raises TooManyRequests, which the pages answer with a 429
page and the API with its JSON error, both with `Retry-After`. How the limits are
sized is in docs/security.md.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import get_usage

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Limit:
    """`rate` requests per period ("60/m", "10/15m") for each value of what it
    counts by: the client's address, or a value the request carries (an e-mail)."""

    name: str
    rate: str
    by_address: bool = True

    @property
    def period(self) -> int:
        count, unit = re.fullmatch(r"\d+/(\d*)([smhd])", self.rate).groups()
        return int(count or 1) * PERIODS[unit]


class TooManyRequests(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after
        super().__init__(f"retry after {retry_after} s")


# Bookings and waiting lists: a family, a school or a company behind one address
# books a few times a minute at most; one address books a few visits an hour.
BOOKING_BY_ADDRESS = Limit("booking-address", "60/m")
BOOKING_BY_EMAIL = Limit("booking-email", "10/h", by_address=False)
WAITLIST_BY_ADDRESS = Limit("waitlist-address", "30/m")
WAITLIST_BY_EMAIL = Limit("waitlist-email", "10/h", by_address=False)
# Accounts: guessing passwords, creating accounts, asking for reset links.
LOGIN_BY_ADDRESS = Limit("login-address", "30/10m")
LOGIN_BY_ACCOUNT = Limit("login-account", "10/10m", by_address=False)
SIGN_UP_BY_ADDRESS = Limit("sign-up-address", "10/h")
RESET_BY_ADDRESS = Limit("reset-address", "10/h")
RESET_BY_EMAIL = Limit("reset-email", "3/h", by_address=False)
# "My bookings" links: a visitor asks for one now and then; an address gets a few an
# hour, whoever asks, so that the form cannot flood someone's mailbox.
MY_BOOKINGS_BY_ADDRESS = Limit("my-bookings-address", "20/h")
MY_BOOKINGS_BY_EMAIL = Limit("my-bookings-email", "3/h", by_address=False)
# The next edition's list: like "my bookings", an address is sent a few
# confirmation e-mails an hour at most, whoever asks.
MAILINGLIST_BY_ADDRESS = Limit("mailinglist-address", "20/h")
MAILINGLIST_BY_EMAIL = Limit("mailinglist-email", "3/h", by_address=False)
# Survey answers: a class answers from one school address within minutes, and a
# factory's exit code from many phones; a bot filling the figures is slowed down.
SURVEY_BY_ADDRESS = Limit("survey-address", "120/10m")
# Check-in codes, per host account: a busy gate scans one ticket every few seconds.
CHECKIN_BY_ACCOUNT = Limit("checkin-account", "300/10m", by_address=False)


def _usage(request: HttpRequest, limit: Limit, value: str, count: bool) -> dict | None:
    """The limit's usage for this request (counting it when `count`); None when the
    limits are off."""
    key: str | Callable = "ip" if limit.by_address else (lambda group, request: value)
    return get_usage(
        request, group=limit.name, key=key, rate=limit.rate, method=ALL, increment=count
    )


def used(request: HttpRequest, limit: Limit, value: str = "") -> int:
    """How many requests already count against `limit` in its window (0 when off)."""
    usage = _usage(request, limit, value.strip().lower(), count=False)
    return usage["count"] if usage is not None else 0


def check(request: HttpRequest, *limits: Limit, value: str | None = None) -> None:
    """Count this request against each limit (those not by address count `value`,
    lower-cased); raise TooManyRequests for the first one exceeded."""
    value = (value or "").strip().lower()
    for limit in limits:
        if not limit.by_address and not value:
            continue
        usage = _usage(request, limit, value, count=True)
        if usage is not None and usage["should_limit"]:
            left = usage["time_left"]
            raise TooManyRequests(left if 0 < left <= limit.period else limit.period)
