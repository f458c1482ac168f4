"""What every operation of the API shares: its error (answered as `{code, detail,
errors}` by the handlers in api.py) and its bounded pagination."""

from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_ID = 2**63 - 1  # ids are 64-bit integers in the database
MAX_PAGE = 100_000


class ApiError(Exception):
    def __init__(self, status: int, code: str, detail: str, errors: dict | None = None):
        self.status, self.code, self.detail, self.errors = status, code, detail, errors or {}


def invalid(errors: dict) -> ApiError:
    """A 422 with a message per field."""
    return ApiError(422, "invalid", _("Some fields need fixing."), errors)


class Pages(PageNumberPagination):
    """Page numbers bounded so that an offset always fits the database's integers."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE)
