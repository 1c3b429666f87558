"""Local accounts (no Auth0): register, login, tokens, logout, preferences."""

from __future__ import annotations

import time

import httpx
import jwt

from songwish.settings import get_settings
from tests.web.conftest import PASSWORD, assert_error, register


async def test_register_answers_a_bearer_token_that_works(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/auth/register",
                                 json={"email": "Ana@Example.com", "password": PASSWORD,
                                       "display_name": "Ana"})
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == get_settings().access_token_ttl_seconds
    me = await client.get("/api/auth/me",
                          headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json() | {"id": "x"} == {
        "id": "x", "email": "ana@example.com", "display_name": "Ana", "locale": "en",
        "currency": "EUR", "usual_budget": None, "auth_provider": "local",
    }


async def test_login_with_the_right_password_only(client: httpx.AsyncClient) -> None:
    await register(client, "ana@example.com")
    ok = await client.post("/api/auth/login",
                           json={"email": "ana@example.com", "password": PASSWORD})
    assert ok.status_code == 200 and ok.json()["access_token"]
    wrong = await client.post("/api/auth/login",
                              json={"email": "ana@example.com", "password": "nope-nope"})
    assert_error(wrong, 401, "invalid_credentials")
    unknown = await client.post("/api/auth/login",
                                json={"email": "who@example.com", "password": PASSWORD})
    assert assert_error(unknown, 401)["message"] == assert_error(wrong, 401)["message"]


async def test_register_refuses_duplicates_and_weak_input(client: httpx.AsyncClient) -> None:
    await register(client, "ana@example.com")
    again = await client.post("/api/auth/register",
                              json={"email": "ana@example.com", "password": PASSWORD})
    assert_error(again, 409, "conflict")
    short = await client.post("/api/auth/register", json={"email": "x@example.com",
                                                          "password": "short"})
    assert_error(short, 400, "invalid_input")
    bad_email = await client.post("/api/auth/register",
                                  json={"email": "not-an-email", "password": PASSWORD})
    assert_error(bad_email, 400, "invalid_input")
    extra = await client.post("/api/auth/register",
                              json={"email": "x@example.com", "password": PASSWORD,
                                    "is_admin": True})
    assert_error(extra, 422, "validation_error")


async def test_login_without_a_body_asks_for_credentials(client: httpx.AsyncClient) -> None:
    assert_error(await client.post("/api/auth/login"), 422, "validation_error")


async def test_passwords_are_stored_as_scrypt_hashes(client: httpx.AsyncClient, api) -> None:
    from sqlalchemy import select

    from store.models import User

    await register(client, "ana@example.com")
    async with api.state.services.database.session() as session:
        stored = await session.scalar(select(User.password_hash))
    assert stored.startswith("scrypt$") and PASSWORD not in stored


async def test_requests_without_or_with_broken_tokens_get_401(client: httpx.AsyncClient) -> None:
    missing = await client.get("/api/gifts")
    assert_error(missing, 401, "missing_token")
    assert missing.headers["WWW-Authenticate"].startswith("Bearer")
    for header in ("Bearer not.a.jwt", "Basic YTpi", "Bearer ", "bearer"):
        response = await client.get("/api/gifts", headers={"Authorization": header})
        assert_error(response, 401)


async def test_forged_expired_and_foreign_tokens_are_refused(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    token = ana["Authorization"].split()[1]
    claims = jwt.decode(token, options={"verify_signature": False})
    secret = get_settings().secret()
    cases = {
        "signed with another key": jwt.encode(claims, "x" * 64, algorithm="HS256"),
        "expired": jwt.encode({**claims, "exp": int(time.time()) - 120}, secret,
                              algorithm="HS256"),
        "other audience": jwt.encode({**claims, "aud": "another-api"}, secret,
                                     algorithm="HS256"),
        "other issuer": jwt.encode({**claims, "iss": "https://evil.example"}, secret,
                                   algorithm="HS256"),
        "no jti": jwt.encode({k: v for k, v in claims.items() if k != "jti"}, secret,
                             algorithm="HS256"),
        "alg none": _unsigned(claims),
        "unknown user": jwt.encode({**claims, "sub": "0" * 32}, secret, algorithm="HS256"),
    }
    for case, forged in cases.items():
        response = await client.get("/api/gifts", headers={"Authorization": f"Bearer {forged}"})
        assert response.status_code == 401, case
        assert_error(response, 401)
    assert (await client.get("/api/gifts", headers=ana)).status_code == 200


def _unsigned(claims: dict) -> str:
    import base64
    import json

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


async def test_logout_revokes_only_that_token(client: httpx.AsyncClient,
                                              ana: dict[str, str]) -> None:
    second = await client.post("/api/auth/login",
                               json={"email": "ana@example.com", "password": PASSWORD})
    other = {"Authorization": f"Bearer {second.json()['access_token']}"}
    assert (await client.post("/api/auth/logout", headers=ana)).status_code == 204
    assert_error(await client.get("/api/auth/me", headers=ana), 401, "token_revoked")
    assert_error(await client.post("/api/auth/logout", headers=ana), 401, "token_revoked")
    assert (await client.get("/api/auth/me", headers=other)).status_code == 200


async def test_revocation_is_shared_by_every_app_on_the_database(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    from web.app import create_app

    replica = create_app(chat_app=None)
    transport = httpx.ASGITransport(app=replica)
    async with replica.router.lifespan_context(replica), httpx.AsyncClient(
        transport=transport, base_url="http://replica"
    ) as other:
        assert (await other.get("/api/auth/me", headers=ana)).status_code == 200
        await client.post("/api/auth/logout", headers=ana)
        assert_error(await other.get("/api/auth/me", headers=ana), 401, "token_revoked")


async def test_preferences_change_currency_and_display(client: httpx.AsyncClient,
                                                       ana: dict[str, str]) -> None:
    response = await client.patch("/api/auth/me", headers=ana,
                                  json={"locale": "fr", "currency": "usd", "usual_budget": 60})
    assert response.status_code == 200
    assert response.json() | {"id": "x", "email": "x", "display_name": "x"} == {
        "id": "x", "email": "x", "display_name": "x", "locale": "fr", "currency": "USD",
        "usual_budget": 60.0, "auth_provider": "local",
    }
    gift = await client.post("/api/gifts", headers=ana, json={"title": "Capo", "price": 49})
    assert gift.json()["price_display"] == "49,00\u00a0$US"
    bad = await client.patch("/api/auth/me", headers=ana, json={"currency": "XYZ"})
    assert_error(bad, 400, "invalid_input")
    unsupported = await client.patch("/api/auth/me", headers=ana, json={"locale": "de"})
    assert_error(unsupported, 422, "validation_error")
