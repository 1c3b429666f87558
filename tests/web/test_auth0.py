"""Auth0 mode: RS256 access tokens checked against a JWKS served through respx."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import respx

from songwish.settings import get_settings
from tests.web.auth0_fakes import (
    AUDIENCE,
    CLIENT_ID,
    ENV,
    ISSUER,
    JWKS_URL,
    TOKEN_URL,
    SigningKey,
    claims,
    hs256_with_public_key,
    jwks,
    unsigned,
)
from tests.web.conftest import PASSWORD, assert_error, client_for, running_app
from web.app import create_app
from web.auth import IncompleteAuth0Settings


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate("key-1")


@pytest.fixture(scope="module")
def stranger() -> SigningKey:
    """A key Auth0 never published."""
    return SigningKey.generate("key-1")


@pytest.fixture
def auth0_env(web_env: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name, value in ENV.items():
        web_env.setenv(name, value)
    return web_env


@pytest.fixture
def tenant(auth0_env, key: SigningKey) -> Iterator[respx.MockRouter]:
    with respx.mock(assert_all_called=False) as router:
        router.get(JWKS_URL).respond(json=jwks(key))
        yield router


@pytest.fixture
async def auth0_app(tenant, database_url):
    async with running_app() as app:
        yield app


@pytest.fixture
async def auth0_client(auth0_app):
    async with client_for(auth0_app) as client:
        yield client


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_valid_token_logs_in_and_creates_the_user_once(auth0_client, key) -> None:
    token = key.sign(claims(email="ana@example.com", name="Ana"))
    first = await auth0_client.get("/api/auth/me", headers=bearer(token))
    assert first.status_code == 200
    assert (first.json()["email"], first.json()["display_name"],
            first.json()["auth_provider"]) == ("ana@example.com", "Ana", "auth0")
    again = await auth0_client.get("/api/auth/me", headers=bearer(key.sign(claims())))
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize("case", [
    "wrong audience", "wrong issuer", "expired", "not yet valid", "alg none",
    "hs256 with the public key", "unknown kid", "foreign key", "no sub", "no exp", "garbage",
])
async def test_forged_or_foreign_tokens_are_401(auth0_client, key, stranger, case) -> None:
    now = int(time.time())
    token = {
        "wrong audience": lambda: key.sign(claims(aud="https://another.api")),
        "wrong issuer": lambda: key.sign(claims(iss="https://evil.auth0.com/")),
        "expired": lambda: key.sign(claims(exp=now - 120)),
        "not yet valid": lambda: key.sign(claims(nbf=now + 120)),
        "alg none": lambda: unsigned(claims()),
        "hs256 with the public key": lambda: hs256_with_public_key(claims(), key),
        "unknown kid": lambda: key.sign(claims(), kid="rotated-away"),
        "foreign key": lambda: stranger.sign(claims()),
        "no sub": lambda: key.sign({k: v for k, v in claims().items() if k != "sub"}),
        "no exp": lambda: key.sign({k: v for k, v in claims().items() if k != "exp"}),
        "garbage": lambda: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
    }[case]()
    response = await auth0_client.get("/api/auth/me", headers=bearer(token))
    assert_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


async def test_small_clock_skew_is_tolerated(auth0_client, key) -> None:
    token = key.sign(claims(exp=int(time.time()) - 5))
    assert (await auth0_client.get("/api/auth/me", headers=bearer(token))).status_code == 200


async def test_logout_revokes_the_auth0_token(auth0_client, key) -> None:
    token = key.sign(claims())
    assert (await auth0_client.post("/api/auth/logout", headers=bearer(token))).status_code == 204
    assert_error(await auth0_client.get("/api/auth/me", headers=bearer(token)), 401,
                 "token_revoked")
    other = bearer(key.sign(claims(jti="other")))
    assert (await auth0_client.get("/api/auth/me", headers=other)).status_code == 200


async def test_keys_are_cached_and_unknown_kids_cannot_storm_auth0(auth0_client, key,
                                                                    tenant) -> None:
    for _ in range(3):
        await auth0_client.get("/api/auth/me", headers=bearer(key.sign(claims())))
    for kid in ("a", "b", "c"):
        await auth0_client.get("/api/auth/me", headers=bearer(key.sign(claims(), kid=kid)))
    assert tenant.routes[0].call_count == 1


async def test_an_unreachable_jwks_is_503_not_401(auth0_env, api_factory, key) -> None:
    with respx.mock() as router:
        router.get(JWKS_URL).mock(side_effect=httpx.ConnectError("down"))
        async with api_factory() as client:
            response = await client.get("/api/auth/me", headers=bearer(key.sign(claims())))
    assert_error(response, 503, "auth_unavailable")


async def test_local_accounts_are_off(auth0_client) -> None:
    register = await auth0_client.post("/api/auth/register",
                                       json={"email": "a@example.com", "password": PASSWORD})
    assert_error(register, 403, "local_accounts_disabled")
    login = await auth0_client.post("/api/auth/login",
                                    json={"email": "a@example.com", "password": PASSWORD})
    assert_error(login, 400, "use_auth0")


async def test_login_runs_authorization_code_with_pkce(auth0_client, key, tenant) -> None:
    start = await auth0_client.post("/api/auth/login")
    assert start.status_code == 200
    url = urlsplit(start.json()["authorize_url"])
    query = {name: values[0] for name, values in parse_qs(url.query).items()}
    assert f"{url.scheme}://{url.netloc}{url.path}" == f"{ISSUER}authorize"
    assert query | {"state": "", "code_challenge": ""} == {
        "response_type": "code", "client_id": CLIENT_ID,
        "redirect_uri": "http://localhost:8000/api/auth/callback", "audience": AUDIENCE,
        "scope": "openid profile email", "state": "", "code_challenge": "",
        "code_challenge_method": "S256",
    }
    assert query["state"] == start.json()["state"]
    cookie = start.headers["set-cookie"]
    assert "HttpOnly" in cookie and "Path=/api/auth/callback" in cookie
    assert "samesite=lax" in cookie.lower()

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        digest = hashlib.sha256(form["code_verifier"].encode()).digest()
        challenge = base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
        if form["code"] != "the-code" or challenge != query["code_challenge"]:
            return httpx.Response(403, json={"error": "invalid_grant"})
        return httpx.Response(200, json={
            "access_token": key.sign(claims(sub="auth0|new")),
            "id_token": key.sign(claims(sub="auth0|new", aud=CLIENT_ID,
                                        email="new@example.com", name="New Person")),
            "token_type": "Bearer", "expires_in": 86400,
        })

    tenant.post(TOKEN_URL).mock(side_effect=token_endpoint)
    callback = await auth0_client.get("/api/auth/callback",
                                      params={"code": "the-code", "state": query["state"]})
    assert callback.status_code == 200, callback.text
    assert callback.json()["token_type"] == "bearer" and callback.json()["expires_in"] == 86400
    me = await auth0_client.get("/api/auth/me", headers=bearer(callback.json()["access_token"]))
    assert (me.json()["email"], me.json()["display_name"]) == ("new@example.com", "New Person")

    replay = await auth0_client.get("/api/auth/callback",
                                    params={"code": "the-code", "state": query["state"]})
    assert_error(replay, 401, "login_failed")  # the login cookie was used up


async def test_callback_refuses_a_wrong_state_or_code(auth0_client, tenant) -> None:
    start = (await auth0_client.post("/api/auth/login")).json()
    wrong_state = await auth0_client.get("/api/auth/callback",
                                         params={"code": "c", "state": "forged"})
    assert_error(wrong_state, 401, "login_failed")
    tenant.post(TOKEN_URL).respond(403, json={"error": "invalid_grant"})
    wrong_code = await auth0_client.get("/api/auth/callback",
                                        params={"code": "c", "state": start["state"]})
    assert_error(wrong_code, 401, "login_failed")


async def test_the_chat_and_the_api_see_the_same_person(auth0_app, auth0_client, key) -> None:
    """Chainlit's Auth0 login (web.chat.identity) and an API token for the same `sub`."""
    from store import gifts
    from web.chat.identity import auth0_login

    async with auth0_app.state.services.database.session() as session:
        chat_user = await auth0_login(session, {"sub": "auth0|lea", "email": "lea@example.com"})
        await gifts.add_gift(session, user_id=chat_user.identifier, title="Added in the chat")
    response = await auth0_client.get("/api/gifts", headers=bearer(key.sign(claims("auth0|lea"))))
    assert [gift["title"] for gift in response.json()] == ["Added in the chat"]


def test_a_half_configured_auth0_refuses_to_start(auth0_env) -> None:
    auth0_env.delenv("AUTH0_AUDIENCE")
    auth0_env.delenv("AUTH0_CLIENT_SECRET")
    get_settings.cache_clear()
    with pytest.raises(IncompleteAuth0Settings) as refused:
        create_app(chat_app=None)
    assert refused.value.missing == ["AUTH0_CLIENT_SECRET", "AUTH0_AUDIENCE"]


# --- the e-mail claim (issue 12, item 6) -------------------------------------------------
EMAIL_CLAIM = "https://songwish.app/email"


async def test_an_api_user_without_an_email_claim_is_told_what_to_configure(
    auth0_client, key
) -> None:
    token = key.sign(claims(sub="auth0|noemail"))  # what Auth0 issues by default
    answer = await auth0_client.post(
        "/api/orders", json={"item_id": "sof-001"},
        headers={**bearer(token), "Idempotency-Key": "k1"},
    )
    error = assert_error(answer, 400, "email_required")
    assert EMAIL_CLAIM in error["message"] and "setCustomClaim" in error["message"]
    assert error["details"]["claim"] == EMAIL_CLAIM


async def test_the_namespaced_email_claim_is_read_and_fills_a_missing_email(
    auth0_client, key
) -> None:
    before = await auth0_client.get(
        "/api/auth/me", headers=bearer(key.sign(claims(sub="auth0|later")))
    )
    assert before.json()["email"] is None
    # The admin adds the post-login Action; the next token carries the claim.
    token = key.sign(claims(sub="auth0|later", **{EMAIL_CLAIM: "later@example.com"}))
    after = await auth0_client.get("/api/auth/me", headers=bearer(token))
    assert after.json()["id"] == before.json()["id"]
    assert after.json()["email"] == "later@example.com"


@pytest.fixture
def custom_claim(auth0_env: pytest.MonkeyPatch) -> str:
    auth0_env.setenv("AUTH0_EMAIL_CLAIM", "https://shop.example/mail")
    return "https://shop.example/mail"


async def test_the_email_claim_is_configurable_and_other_namespaces_are_ignored(
    custom_claim, tenant, database_url, key
) -> None:
    async with running_app() as app, client_for(app) as client:
        foreign = key.sign(claims(sub="auth0|a", **{EMAIL_CLAIM: "a@example.com"}))
        assert (await client.get("/api/auth/me", headers=bearer(foreign))).json()["email"] is None
        ours = key.sign(claims(sub="auth0|b", **{custom_claim: "b@example.com"}))
        assert (await client.get("/api/auth/me", headers=bearer(ours))).json()["email"] == (
            "b@example.com"
        )
