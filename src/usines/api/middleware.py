"""Every answer under /api/ is JSON in the documented shape `{code, detail, errors}`,
including the errors Django answers before the API runs (a wrong method, a body too
large, an unknown path, a crash)."""

import json

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

API_PREFIX = "/api/"


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
