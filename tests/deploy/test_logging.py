"""Structured logs: one JSON line per event with request id, user hash, route, latency;
secrets never reach the output, whatever shape they are logged in."""

from __future__ import annotations

import json
import logging

import pytest
from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from songwish.logging import (
    Redactor,
    bind_user,
    configure_logging,
    current_request_id,
    hash_user_id,
    install_request_logging,
)
from songwish.settings import Settings

SECRET_KEY = "k3y-" + "x" * 40
DB_PASSWORD = "pg-pass-5f2c9"
SECRETS = {
    "SECRET_KEY": SECRET_KEY,
    "OPENAI_API_KEY": "sk-test-abcdefghijklmnopqrstuvwxyz012345",
    "FASTSPRING_API_PASSWORD": "fs-password-77aa",
    "FASTSPRING_WEBHOOK_SECRET": "whsec-3141592653",
    "LS_API_KEY": "ls-mgmt-key-2718281828",
    "AUTH0_CLIENT_SECRET": "auth0-client-secret-1618",
}
USER_ID = "3f0e6a7e-0000-4000-8000-00000000cafe"
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"

log = logging.getLogger("songwish.test")


def production_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "is_production": True,
        "database_url": f"postgresql://songwish:{DB_PASSWORD}@db.internal:5432/songwish",
        "rate_limit_storage_uri": "redis://:redis-pass-99887@cache.internal:6379/0",
        **{name.lower(): value for name, value in SECRETS.items()},
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


def build_app(settings: Settings) -> FastAPI:
    app = FastAPI()

    @app.get("/api/lists/{list_id}")
    async def get_list(list_id: str) -> dict[str, str | None]:
        bind_user(USER_ID)
        log.info("opened list %s", list_id, extra={"items": 3})
        return {"id": list_id, "request_id": current_request_id()}

    @app.post("/api/leaky")
    async def leaky() -> dict[str, bool]:
        bind_user(USER_ID)
        # Everything a careless line could print: values, URLs, headers, pairs, extras.
        log.warning("settings: %s", {k: v for k, v in SECRETS.items()})
        log.info("connecting to %s", production_settings().database_url)
        log.info("redis at %s", production_settings().rate_limit_storage_uri)
        log.info("calling FastSpring with Authorization: Bearer %s", JWT)
        log.info("login attempt password=%s api_key=%s", "hunter2hunter2", "abc123def456")
        log.info("token issued", extra={"access_token": JWT, "fields": {"password": "pw-x1"}})
        try:
            raise RuntimeError(f"upstream rejected key {SECRETS['LS_API_KEY']}")
        except RuntimeError:
            log.exception("licence call failed")
        return {"ok": True}

    sub = Starlette(routes=[Route("/project/{thread_id}", lambda r: PlainTextResponse("ok"))])
    app.mount("/chat", sub)
    install_request_logging(app, settings)
    return app


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_production_lines_are_json_with_request_id_user_hash_route_and_latency(capsys):
    with TestClient(build_app(production_settings())) as client:
        answer = client.get("/api/lists/L-42", headers={"X-Request-ID": "edge-7f3a9c"})
    assert answer.status_code == 200
    assert answer.headers.get_list("x-request-id") == ["edge-7f3a9c"]
    assert answer.json()["request_id"] == "edge-7f3a9c"
    lines = json_lines(capsys.readouterr().out)
    app_line = next(line for line in lines if line["logger"] == "songwish.test")
    access = next(line for line in lines if line["logger"] == "songwish.request")
    assert app_line["msg"] == "opened list L-42" and app_line["items"] == 3
    for line in (app_line, access):
        assert line["request_id"] == "edge-7f3a9c"
        assert line["user"] == hash_user_id(USER_ID)
    assert access["route"] == "/api/lists/{list_id}"  # the template, not the raw path
    assert access["status"] == 200 and access["method"] == "GET"
    assert isinstance(access["latency_ms"], float) and access["latency_ms"] >= 0
    assert {"ts", "level"} <= access.keys()


def test_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(capsys):
    with TestClient(build_app(production_settings())) as client:
        plain = client.get("/api/lists/a")
        forged = client.get("/api/lists/b", headers={"X-Request-ID": "x\nINJECTED log line"})
    ids = [plain.headers["x-request-id"], forged.headers["x-request-id"]]
    assert all(len(value) == 32 for value in ids) and ids[0] != ids[1]
    assert forged.json()["request_id"] == ids[1]
    assert "INJECTED" not in capsys.readouterr().out


def test_mounted_apps_and_unknown_paths_are_logged_by_template(capsys):
    with TestClient(build_app(production_settings())) as client:
        client.get("/chat/project/thread-secret-id")
        client.get("/no/such/path/with-a-token")
    routes = [
        line["route"]
        for line in json_lines(capsys.readouterr().out)
        if line["logger"] == "songwish.request"
    ]
    assert routes == ["/chat/project/{thread_id}", "<unmatched>"]


def test_secrets_never_reach_the_logs_in_any_shape(capsys):
    with TestClient(build_app(production_settings())) as client:
        assert client.post("/api/leaky").status_code == 200
    output = capsys.readouterr().out
    lines = json_lines(output)
    assert any(line.get("exc") for line in lines), "the traceback is logged, redacted"
    leaked = [
        value
        for value in [
            *SECRETS.values(),
            DB_PASSWORD,
            "redis-pass-99887",
            JWT,
            "hunter2hunter2",
            "abc123def456",
            "pw-x1",
        ]
        if value in output
    ]
    assert leaked == []
    assert "db.internal" in output and "FastSpring" in output  # the rest stays readable


def test_development_logs_are_readable_text_and_redacted_too(capsys):
    settings = production_settings(is_production=False)
    with TestClient(build_app(settings)) as client:
        client.get("/api/lists/L-1")
        client.post("/api/leaky")
    output = capsys.readouterr().out
    assert not json_lines(output)
    assert "songwish.request [" in output and "GET /api/lists/{list_id} 200 in" in output
    assert SECRET_KEY not in output and JWT not in output and DB_PASSWORD not in output


def test_log_format_setting_overrides_the_production_default(capsys):
    with TestClient(build_app(production_settings(log_format="text"))) as client:
        client.get("/api/lists/L-1")
    assert not json_lines(capsys.readouterr().out)


def test_the_user_hash_is_keyed_by_the_secret_and_equal_on_every_replica():
    configure_logging(production_settings())
    first = hash_user_id(USER_ID)
    configure_logging(production_settings())  # another replica, same SECRET_KEY
    assert hash_user_id(USER_ID) == first
    configure_logging(production_settings(secret_key="another-deployment-secret-000"))
    assert hash_user_id(USER_ID) != first
    assert USER_ID not in first and len(first) == 16


def test_uvicorn_loggers_are_routed_through_our_handler_once_serving_starts(capsys):
    app = build_app(production_settings())
    uvicorn_error = logging.getLogger("uvicorn.error")
    # What uvicorn's own log config does after the app is built.
    uvicorn_error.addHandler(logging.StreamHandler())
    uvicorn_error.propagate = False
    try:
        with TestClient(app):  # lifespan startup
            uvicorn_error.info("Application startup complete.")
    finally:
        uvicorn_error.handlers.clear()
        uvicorn_error.propagate = True
    lines = json_lines(capsys.readouterr().out)
    assert any(line["msg"] == "Application startup complete." for line in lines)
    assert logging.getLogger("uvicorn.access").disabled  # our access line replaces it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("postgresql+asyncpg://app:s3cr3t@host/db", "postgresql+asyncpg://app:***@host/db"),
        ("Authorization: Basic dXNlcjpwYXNzd29yZA==", "Authorization: *** ***"),
        ("{'authorization': 'Bearer abc.def.ghi-jkl'}", "{'authorization': '*** ***'}"),
        ('{"password": "pw"}', '{"password": "***"}'),
        ("client_secret=abc&x=1", "client_secret=***&x=1"),
        ("nothing to hide here", "nothing to hide here"),
    ],
)
def test_redaction_patterns(text, expected):
    assert Redactor().redact(text) == expected


def test_short_configured_values_are_not_masked_everywhere():
    # A 3-letter "secret" would otherwise blank every word containing it.
    assert Redactor(["abc", "long-secret-value"]).redact("abc long-secret-value") == "abc ***"
