"""Every answer under /api/ is JSON in the documented shape `{code, detail, errors}`,
including the errors Django answers before the API runs (a wrong method, a body too
large, an unknown path, a crash); the public reads are kept a few seconds."""

import hashlib
import json

from cachetools import TTLCache
from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.exception import convert_exception_to_response
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
# The API's operations: JSON for programs, no page, no session, no sign-in. Its
# documentation is a page, and takes the pages' path.
OPERATIONS_PREFIX = "/api/v1/"
DOCS_PREFIX = "/api/v1/docs"


class _OperationsHandler(BaseHandler):
    """Django's request handling with API_MIDDLEWARE for middleware: the same chain
    as the site's (`BaseHandler.load_middleware`, synchronous), built from another
    list."""

    def load_middleware(self, is_async: bool = False) -> None:
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        handler = convert_exception_to_response(self._get_response)
        for path in reversed(settings.API_MIDDLEWARE):
            middleware = import_string(path)(handler)
            if hasattr(middleware, "process_view"):
                self._view_middleware.insert(0, middleware.process_view)
            if hasattr(middleware, "process_template_response"):
                self._template_response_middleware.append(middleware.process_template_response)
            if hasattr(middleware, "process_exception"):
                self._exception_middleware.append(middleware.process_exception)
            handler = convert_exception_to_response(middleware)
        self._middleware_chain = handler


class ApiOperations:
    """The API's operations go through their own, shorter middleware chain
    (settings.API_MIDDLEWARE: security headers, the public reads' cache, the language,
    JSON errors, no-store, the replica), without what only pages use (sessions,
    sign-in, CSRF, messages, static files, the pages' content policy): a booking rush
    does not pay for them. First in MIDDLEWARE; every other request goes on.

    Each answer says its length, as the pages' CommonMiddleware does for theirs: the
    server then sends it whole rather than in chunks."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.operations = _OperationsHandler()
        self.operations.load_middleware()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path.startswith(OPERATIONS_PREFIX) and not path.startswith(DOCS_PREFIX):
            response = self.operations._middleware_chain(request)
            if (
                not response.streaming
                and response.status_code not in (204, 304)  # no body to measure
                and "Content-Length" not in response
            ):
                response["Content-Length"] = str(len(response.content))
            return response
        return self.get_response(request)


def error_answer(status: int) -> tuple[str, str]:
    """The code and message of the API's answer with this status."""
    messages = {
        400: ("bad_request", _("The request cannot be read.")),
        403: ("forbidden", _("This is not allowed.")),
        404: ("not_found", _("Nothing is found at this address.")),
        405: ("method_not_allowed", _("This method is not allowed here.")),
        413: ("too_large", _("The request is too large.")),
        414: ("uri_too_long", _("The address is too long.")),
        429: ("too_many_requests", _("Too many requests: wait a little and try again.")),
    }
    if status in messages:
        return messages[status]
    if status >= 500:
        return "server_error", _("Something went wrong on our side; try again later.")
    return "error", _("This request cannot be answered.")


class JsonApiErrors:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            code, detail = error_answer(response.status_code)
            body = json.dumps({"code": code, "detail": detail, "errors": {}}, ensure_ascii=False)
            replaced = HttpResponse(
                body, status=response.status_code, content_type="application/json"
            )
            for header in ("Allow", "Retry-After"):
                if header in response:
                    replaced[header] = response[header]
            return replaced
        return response


# The public reads under /api/: anonymous, the same for everyone, fine a few seconds
# old. A booking's own answers (its private token) are never among them.
PUBLIC_READ_PREFIX = "/api/v1/"
NOT_PUBLIC = ("/api/v1/bookings",)


class PublicReads:
    """The API's public reads, answered from this process's memory for
    PUBLIC_READ_SECONDS, each with an `ETag` (a matching `If-None-Match` answers 304)
    and `Cache-Control: public` for that long, so that a proxy or CDN in front can
    answer the reading crowd too. Kept per address and language; only 200 answers.

    Places left read from here may be that many seconds old; a booking is always
    decided by the database, and a visitor's own booking is never read from here."""

    def __init__(self, get_response):
        self.get_response = get_response
        seconds = settings.PUBLIC_READ_SECONDS
        self.seconds = seconds
        self.kept = TTLCache(maxsize=20_000, ttl=seconds) if seconds > 0 else None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if (
            self.kept is None
            or request.method != "GET"
            or not path.startswith(PUBLIC_READ_PREFIX)
            or path.startswith(NOT_PUBLIC)
        ):
            return self.get_response(request)
        key = (request.get_full_path(), get_language_from_request(request))
        kept = self.kept.get(key)
        if kept is None:
            response = self.get_response(request)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            if not response.has_header("ETag"):
                response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = f"public, max-age={self.seconds}"
            patch_vary_headers(response, ["Accept-Language", "Accept-Encoding"])
            self.kept[key] = (response.content, dict(response.items()))
            return response
        content, headers = kept
        if headers["ETag"] in request.headers.get("If-None-Match", ""):
            answer = HttpResponseNotModified()
            content_headers = ("Content-Type", "Content-Length", "Content-Encoding")
            headers = {
                name: value for name, value in headers.items() if name not in content_headers
            }
        else:
            answer = HttpResponse(content)
        for name, value in headers.items():
            answer[name] = value
        return answer
