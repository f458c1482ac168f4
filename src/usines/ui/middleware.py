"""Answers every page shares."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag

from usines.limits import TooManyRequests


class TooManyRequestsPage:
    """A rate limit exceeded anywhere in the pages: a 429 page saying how long to
    wait, with `Retry-After`, instead of an error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not isinstance(exception, TooManyRequests):
            return None
        minutes = max(1, round(exception.retry_after / 60))
        response = render(request, "ui/429.html", {"minutes": minutes}, status=429)
        response["Retry-After"] = str(exception.retry_after)
        return response


# Pages whose URL or whose reader holds personal data: a ticket, a private booking
# link, a waiting-list entry, a visitor's bookings, the teachers', hosts', relays'
# and organisers' pages.
PRIVATE_PREFIXES = (
    "/reservation/",
    "/liste-attente/",
    "/mes-reservations/",
    "/api/v1/bookings",
    "/accounts/",
    "/enseignant/",
    "/hote/",
    "/organisation/",
    "/relais/",
)
# Files that hold no personal data whoever reads them: the basemap.
PUBLIC_FILES = ("/carte/",)
# A path parameter that is a secret link: its page is the holder's alone (a ballot
# entry, a survey, an invitation, a subscription to confirm), wherever it lives.
SECRET_PARAMETERS = {"token", "uidb64"}


class PrivatePagesNotStored:
    """`Cache-Control: no-store` on every answer that may hold personal data (a
    private path, a signed-in reader, a secret link), so that no shared cache, proxy
    or browser history keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(PUBLIC_FILES):
            return response
        user = getattr(request, "user", None)
        match = getattr(request, "resolver_match", None)
        if (
            request.path.startswith(PRIVATE_PREFIXES)
            or (user and user.is_authenticated)
            or (match is not None and SECRET_PARAMETERS & match.kwargs.keys())
        ):
            response["Cache-Control"] = "no-store, private"
            del response["Expires"]
        return response


class SharedPublicPages:
    """Public pages a proxy or CDN may share among visitors, for PUBLIC_READ_SECONDS
    (places left may be that old, as in the API's public reads). A page is shared
    when it is an anonymous `GET` answered 200 with nothing of the visitor's in it: no
    cookie set, no form token drawn, no `Cache-Control` of its own (private pages get
    `no-store` from `PrivatePagesNotStored`). It then gets `Cache-Control: public`,
    an `ETag` (a matching `If-None-Match` answers 304), and `Vary` on the language
    and the cookies. Listed before the sessions and CSRF middleware, so that it sees
    the cookies they set."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seconds = settings.PUBLIC_READ_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            self.seconds <= 0
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Cache-Control")
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or (user is not None and user.is_authenticated)
        ):
            return response
        response["Cache-Control"] = f"public, max-age={self.seconds}"
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware, which builds the policy for every answer before it
    looks at CONTENT_SECURITY_POLICY's EXCLUDE_URL_PREFIXES: here an excluded path
    (the booking API's JSON, during a rush) costs nothing."""

    def __init__(self, get_response):
        super().__init__(get_response)
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}
        self.excluded = tuple(policy.get("EXCLUDE_URL_PREFIXES", None) or ())

    def process_request(self, request: HttpRequest) -> None:
        if not (self.excluded and request.path_info.startswith(self.excluded)):
            super().process_request(request)

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if self.excluded and request.path_info.startswith(self.excluded):
            return response
        return super().process_response(request, response)
