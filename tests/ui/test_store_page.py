"""/store: the demo shop page and the token its widget signs in with."""

from __future__ import annotations

import jwt
from chainlit.auth.jwt import decode_jwt

from songwish.settings import get_settings
from tests.web.conftest import VINYL, assert_error, register
from web.chat.identity import GUEST_AUDIENCE, chat_secret
from web.pages.store import GUEST_COOKIE


def _identity(token: str) -> str:
    return jwt.decode(token, chat_secret(get_settings()), algorithms=["HS256"])["identifier"]


async def test_the_shop_lists_catalogue_items_and_embeds_the_widget(client):
    page = await client.get("/store", headers={"Accept-Language": "fr"})
    assert page.status_code == 200
    html = page.text
    assert f'id="product-{VINYL}"' in html and "Kind of Blue (vinyle 180 g)" in html
    assert "29,99\u00a0€" in html
    assert '<script src="/chat/copilot/index.js"></script>' in html
    script = await client.get("/store/assets/store.js")
    assert script.status_code == 200 and "mountChainlitWidget" in script.text
    assert "chainlit-call-fn" in script.text


async def test_an_anonymous_shopper_gets_one_guest_session_across_visits(client, monkeypatch):
    first = await client.post("/store/chat-token")
    assert first.status_code == 200 and first.json()["guest"] is True
    guest = _identity(first.json()["access_token"])
    assert "httponly" in first.headers["set-cookie"].lower()
    again = await client.post("/store/chat-token")
    assert _identity(again.json()["access_token"]) == guest

    # The token is what Chainlit's /auth/jwt accepts (the widget's `accessToken`).
    monkeypatch.setenv("CHAINLIT_AUTH_SECRET", chat_secret(get_settings()))
    assert decode_jwt(first.json()["access_token"]).identifier == guest


async def test_signing_in_replaces_the_guest_and_bad_tokens_are_refused(client):
    guest = _identity((await client.post("/store/chat-token")).json()["access_token"])
    ana = await register(client, "ana@example.com")
    signed_in = await client.post("/store/chat-token", headers=ana)
    assert signed_in.json()["guest"] is False and signed_in.json()["name"] == "ana"
    ana_id = _identity(signed_in.json()["access_token"])
    assert ana_id != guest
    assert_error(
        await client.post("/store/chat-token", headers={"Authorization": "Bearer forged"}), 401
    )
    assert_error(
        await client.post("/store/chat-token", headers={"Authorization": "Basic abc"}), 401
    )


async def test_a_guest_cookie_cannot_name_a_real_account(client):
    ana = await register(client, "ana@example.com")
    ana_id = _identity((await client.post("/store/chat-token", headers=ana)).json()["access_token"])
    settings = get_settings()
    for forged in (
        jwt.encode(
            {"sub": ana_id, "aud": GUEST_AUDIENCE, "exp": 4102444800},
            chat_secret(settings),
            algorithm="HS256",
        ),
        jwt.encode({"sub": ana_id, "aud": GUEST_AUDIENCE}, "wrong-secret", algorithm="HS256"),
    ):
        client.cookies.clear()
        client.cookies.set(GUEST_COOKIE, forged)
        answer = (await client.post("/store/chat-token")).json()
        assert answer["guest"] is True and _identity(answer["access_token"]) != ana_id


async def test_the_chat_login_of_this_browser_is_reused_and_tokens_are_short_lived(client):
    ana = await register(client, "ana@example.com")
    answer = (await client.post("/store/chat-token", headers=ana)).json()
    claims = jwt.decode(answer["access_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == 300
    assert set(claims) == {"identifier", "display_name", "metadata", "iat", "exp"}

    client.cookies.clear()
    client.cookies.set("access_token", answer["access_token"])  # as Chainlit's cookie
    reused = (await client.post("/store/chat-token")).json()
    assert reused["guest"] is False and _identity(reused["access_token"]) == claims["identifier"]
