"""One JSON error shape everywhere, the body cap, security headers and CORS."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.web.conftest import assert_error


async def test_unknown_routes_and_methods_answer_the_error_shape(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    assert_error(await client.get("/api/nothing-here"), 404, "not_found")
    assert_error(await client.patch("/api/gifts", headers=ana), 405, "method_not_allowed")


async def test_an_unexpected_failure_is_a_generic_500_without_trace(api: FastAPI) -> None:
    async def explode() -> None:
        raise RuntimeError("secret internals: /etc/passwd")

    api.add_api_route("/api/test-explode", explode)
    transport = httpx.ASGITransport(app=api)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/api/test-explode", headers={"X-Request-ID": "req-12345678"})
    error = assert_error(response, 500, "internal_error")
    assert error["details"] == {"request_id": "req-12345678"}
    assert response.headers["X-Request-ID"] == "req-12345678"
    assert "secret internals" not in response.text and "Traceback" not in response.text
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("chunked", [False, True])
async def test_bodies_over_the_cap_are_413_before_parsing(
    client: httpx.AsyncClient, ana: dict[str, str], chunked: bool
) -> None:
    body = b'{"title": "' + b"x" * 70_000 + b'"}'

    async def stream():
        for start in range(0, len(body), 8192):
            yield body[start:start + 8192]

    content = stream() if chunked else body
    response = await client.post("/api/gifts", content=content,
                                 headers={**ana, "Content-Type": "application/json"})
    error = assert_error(response, 413, "payload_too_large")
    assert error["details"] == {"max_bytes": 64_000}
    assert (await client.get("/api/gifts", headers=ana)).json() == []


async def test_api_answers_carry_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/shared/unknown")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert response.headers["Cache-Control"] == "no-store"
    assert "Strict-Transport-Security" not in response.headers  # http in development
    docs = await client.get("/api/docs")
    assert docs.status_code == 200 and "Content-Security-Policy" not in docs.headers
    schema = await client.get("/api/openapi.json")
    assert schema.json()["info"]["title"] == "SongWish API"


async def test_https_deployments_send_hsts(web_env, api_factory) -> None:
    web_env.setenv("PUBLIC_URL", "https://songwish.example")
    async with api_factory() as client:
        response = await client.get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


async def test_cors_allows_only_the_configured_origins(web_env, api_factory) -> None:
    web_env.setenv("CORS_ORIGINS", "https://shop.example, https://other.example")
    async with api_factory() as client:
        preflight = {"Access-Control-Request-Method": "POST",
                     "Access-Control-Request-Headers": "Authorization, Idempotency-Key"}
        allowed = await client.options("/api/orders",
                                       headers={"Origin": "https://shop.example", **preflight})
        assert allowed.status_code == 200
        assert allowed.headers["Access-Control-Allow-Origin"] == "https://shop.example"
        assert "idempotency-key" in allowed.headers["Access-Control-Allow-Headers"].lower()
        refused = await client.options("/api/orders",
                                       headers={"Origin": "https://evil.example", **preflight})
        assert "Access-Control-Allow-Origin" not in refused.headers
        simple = await client.get("/api/shared/x", headers={"Origin": "https://evil.example"})
        assert "Access-Control-Allow-Origin" not in simple.headers
        exposed = await client.get("/api/shared/x", headers={"Origin": "https://shop.example"})
        assert exposed.headers["Access-Control-Allow-Origin"] == "https://shop.example"
        assert "retry-after" in exposed.headers["Access-Control-Expose-Headers"].lower()
