"""/claims/{key}: the guest's claims across lists, from the claiming browser or another device."""

from __future__ import annotations

import re

import httpx
import pytest

from songwish.settings import get_settings
from store import users
from store.db import Database
from tests.web.conftest import on_both_databases, register
from web.chat.identity import chat_access_token

pytestmark = on_both_databases


async def _shared(client: httpx.AsyncClient, email: str, title: str, gift: str) -> tuple[str, str]:
    owner = await register(client, email)
    made = (await client.post("/api/lists", headers=owner, json={"title": title})).json()
    gift_id = (await client.post(f"/api/gifts?list_id={made['id']}", headers=owner,
                                 json={"title": gift, "price": 12.5})).json()["id"]
    token = (await client.post(f"/api/lists/{made['id']}/share", headers=owner)).json()
    return token["share_token"], gift_id


def _other(api) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=api, client=("198.51.100.9", 4000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


@pytest.fixture
async def two(client: httpx.AsyncClient) -> dict[str, tuple[str, str]]:
    return {"ana": await _shared(client, "ana@example.com", "Noël d'Ana", "Capo"),
            "bob": await _shared(client, "bob@example.com", "Bob's birthday", "Tuner")}


async def test_claims_on_two_lists_in_one_page_on_another_device(client, api, two) -> None:
    for token, gift in two.values():
        await client.post(f"/shared/{token}/gifts/{gift}/claim", data={"name": "Tom"})
    key = client.cookies.get("songwish_guest")
    assert key and len(key) >= 40
    shared = (await client.get(f"/shared/{two['ana'][0]}")).text
    assert f'href="/claims/{key}"' in shared
    async with _other(api) as phone:
        page = await phone.get(f"/claims/{key}")
        assert page.status_code == 200
        assert re.findall(r"<h2>([^<]+) <a", page.text) == ["Noël d&#39;Ana", "Bob&#39;s birthday"]
        assert "A list by ana" in page.text and "A list by bob" in page.text
        assert phone.cookies.get("songwish_guest") == key  # the phone adopted the identity
        bought = await phone.post(f"/claims/{key}/gifts/{two['bob'][1]}/bought")
        assert bought.headers["location"] == f"/claims/{key}?done=bought"
        released = await phone.post(f"/claims/{key}/gifts/{two['ana'][1]}/release")
        assert released.headers["location"] == f"/claims/{key}?done=release"
        again = await phone.post(f"/claims/{key}/gifts/{two['ana'][1]}/release")
        assert again.headers["location"] == f"/claims/{key}?done=gone"
    html = (await client.get(f"/claims/{key}")).text
    assert 'data-status="purchased"' in html and two["ana"][1] not in html
    assert 'data-status="available"' in (await client.get(f"/shared/{two['ana'][0]}")).text


async def test_another_guest_sees_none_of_it(client, api, two) -> None:
    token, gift = two["ana"]
    await client.post(f"/shared/{token}/gifts/{gift}/claim")
    mine = client.cookies.get("songwish_guest")
    async with _other(api) as stranger:
        await stranger.post(f"/shared/{two['bob'][0]}/gifts/{two['bob'][1]}/claim")
        theirs = stranger.cookies.get("songwish_guest")
        assert theirs and theirs != mine
        html = (await stranger.get(f"/claims/{theirs}")).text
        assert "Tuner" in html and "Capo" not in html
        await stranger.get(f"/claims/{mine}")  # a link someone sent never replaces a key
        assert stranger.cookies.get("songwish_guest") == theirs
        refused = await stranger.post(f"/claims/{theirs}/gifts/{gift}/release")
        assert "done=gone" in refused.headers["location"]


async def test_unknown_keys_and_signed_out_account_are_404(client) -> None:
    for path in ("/claims/not-a-key", "/claims/" + "A" * 43, "/claims/me"):
        page = await client.get(path)
        assert page.status_code == 404 and "This link doesn&#39;t work" in page.text
        assert "songwish_guest" not in page.headers.get("set-cookie", "")


async def test_signed_in_people_claim_as_their_account(client, database_url, two) -> None:
    lea = await register(client, "lea@example.com")
    database = Database(database_url)
    async with database.session() as session:
        user = await users.authenticate_local_user(
            session, email="lea@example.com", password="correct horse battery"
        )
    await database.dispose()
    client.cookies.set("access_token", chat_access_token(user, get_settings()))
    token, gift = two["ana"]
    await client.post(f"/shared/{token}/gifts/{gift}/claim")
    assert client.cookies.get("songwish_guest") is None  # the account is the identity
    assert 'href="/claims/me"' in (await client.get(f"/shared/{token}")).text
    assert 'data-status="claimed"' in (await client.get("/claims/me")).text
    overview = (await client.get("/api/me/claims", headers=lea)).json()
    assert [g["title"] for g in overview["lists"][0]["gifts"]] == ["Capo"]
    released = await client.post(f"/claims/me/gifts/{gift}/release")
    assert released.headers["location"] == "/claims/me?done=release"
