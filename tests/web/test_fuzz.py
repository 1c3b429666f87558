"""Property-based pass over the OpenAPI schema (schemathesis): no input makes a 5xx.

Every operation gets valid and invalid generated requests, authenticated as a
real user, against the live app (real HTTP, real database, the commerce
sandbox). Answers must also match the schema they are documented with, and
errors come in the one JSON shape. Bounded for CI: a few examples per
operation and mode (about 350 requests, under a minute).
"""

from __future__ import annotations

import time

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import APIOperation, GenerationMode
from schemathesis.checks import response_schema_conformance

from tests.web.conftest import PASSWORD, LiveApi

EXAMPLES_PER_MODE = 6


@pytest.fixture
def fuzz_env(web_env: pytest.MonkeyPatch) -> None:
    for rule in ("RATE_LIMIT_DEFAULT", "RATE_LIMIT_IP", "RATE_LIMIT_LOGIN", "RATE_LIMIT_CHAT"):
        web_env.setenv(rule, "100000/minute")


@pytest.mark.slow
def test_no_generated_request_causes_a_server_error(fuzz_env, live_api: LiveApi) -> None:
    schema = schemathesis.openapi.from_url(f"{live_api.url}/api/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    started = time.monotonic()
    calls = sum(
        _fuzz(operation, mode, live_api.url, _bearer(live_api.url))
        for operation in operations
        for mode in GenerationMode
    )
    assert calls >= 2 * len(operations), calls
    print(f"schemathesis: {calls} requests on {len(operations)} operations "
          f"in {time.monotonic() - started:.1f} s")


def _fuzz(operation: APIOperation, mode: GenerationMode, base_url: str,
          headers: dict[str, str]) -> int:
    """Run the generated cases of one operation and mode; the number of requests sent."""
    calls = 0

    @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def run(case: schemathesis.Case) -> None:
        nonlocal calls
        calls += 1
        response = case.call(base_url=base_url, headers=headers, timeout=60)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} {response.status_code}: {response.text[:300]}"
        )
        if response.status_code >= 400 and "json" in response.headers.get("content-type", ""):
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
        case.validate_response(response, checks=[response_schema_conformance])

    try:
        run()
    except Unsatisfiable:
        # Nothing to make invalid (no parameters, no body): the positive mode covered it.
        assert mode is GenerationMode.NEGATIVE, operation.label
    return calls


def _bearer(base_url: str) -> dict[str, str]:
    """A fresh account per operation and mode: fuzzing logout revokes only its own token."""
    email = f"fuzz{time.monotonic_ns()}@example.com"
    response = httpx.post(f"{base_url}/api/auth/register",
                          json={"email": email, "password": PASSWORD}, timeout=60)
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
