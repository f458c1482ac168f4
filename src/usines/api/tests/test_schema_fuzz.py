"""Every operation of the OpenAPI document, fed generated input by schemathesis,
valid and invalid: no server error, and every answer as documented (a status the
document lists, its content type, its shape)."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from usines.testsupport import SlotFactory
from usines.wsgi import application

EXAMPLES = 30  # per operation; docs/security.md has the figures of longer runs
# No server error, and the answer is one the document lists, in its content type and
# shape. (Schemathesis's check that every schema-valid input is accepted is left out:
# the document types codes such as `department` as strings, and a code that exists
# nowhere is rightly a 422.)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def wsgi_in_the_test_transaction():
    """Requests go through the real WSGI application, which closes the database
    connection after each one; inside a test that would close the connection holding
    the test's data (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield application
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_documented(db, settings, wsgi_in_the_test_transaction):
    settings.RATELIMIT_ENABLE = False  # the limits have their own tests
    SlotFactory()  # a published edition with one site and one open slot
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_in_the_test_transaction)
    operations = [result.ok() for result in schema.get_all_operations()]
    failures = []
    runs = [(operation, mode) for operation in operations for mode in GenerationMode]
    for operation, mode in runs:

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers_as_documented(case):
            case.call_and_validate(checks=CHECKS)

        try:
            answers_as_documented()
        except Unsatisfiable:
            assert mode == GenerationMode.NEGATIVE  # no input to get wrong (no parameter)
        except Exception as error:  # gather every operation's failure, then report
            failures.append(f"{operation.method.upper()} {operation.path} ({mode}): {error}")

    assert len(operations) >= 9
    assert failures == []
