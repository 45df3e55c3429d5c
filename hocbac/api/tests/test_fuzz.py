"""The JSON API fuzzed from its own OpenAPI schema with schemathesis (issue 11): for every
operation, generated paths, queries and bodies, sent as a ward committee member (every `org_id`
is the ward's, so the operation's own code runs rather than a 404): no answer is a server error,
and every answer documented in the schema conforms to it."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from hocbac.accounts.services import issue_api_token
from hocbac.api.endpoints import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
schema.app = get_wsgi_application()
schema.location = "/api/v1/openapi.json"


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI client here is schemathesis', not Django's: like Django's test client, keep a
    request's end from closing the connection the test's transaction lives on (on PostgreSQL
    with a pool, that handed the connection back and broke every later query)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(world):
    return issue_api_token(world.ward_admin, name="fuzz")


@schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
@pytest.mark.django_db
def test_no_operation_answers_a_server_error_or_breaks_its_schema(case, world, token):
    if case.path_parameters and "org_id" in case.path_parameters:
        case.path_parameters["org_id"] = world.ward.pk
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                           checks=[not_a_server_error, response_schema_conformance])
