"""/shared/{token}: the HTML page of a share link, for guests and for the owner."""

from __future__ import annotations

import re

import httpx
import pytest

from songwish.settings import get_settings
from store import users
from store.db import Database
from tests.web.conftest import register
from web.chat.identity import chat_access_token

FRENCH = {"Accept-Language": "fr-FR,fr;q=0.9"}


@pytest.fixture
async def shared(client: httpx.AsyncClient) -> dict[str, str]:
    """Ana's shared list: two gifts, one with markup in its title."""
    ana = await register(client, "ana@example.com")
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "Noël 2026"})).json()
    gifts = [
        (await client.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana, json=body)).json()
        for body in (
            {"title": "Capo Shubb", "price": 12.5},
            {"title": "<script>alert(1)</script> vinyl"},
        )
    ]
    token = (await client.post(f"/api/lists/{gift_list['id']}/share", headers=ana)).json()
    return {
        "token": token["share_token"],
        "gift": gifts[0]["id"],
        "other": gifts[1]["id"],
        "list": gift_list["id"],
        "auth": ana["Authorization"],
    }


def _gift(html: str, gift_id: str) -> str:
    match = re.search(rf'<li class="card gift[^"]*" id="gift-{gift_id}".*?</li>', html, re.S)
    assert match, f"gift {gift_id} not on the page"
    return match.group(0)


async def test_a_guest_sees_the_list_escaped_and_in_their_language(client, shared):
    page = await client.get(f"/shared/{shared['token']}", headers=FRENCH)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert "Noël 2026" in html and "partagée avec vous" in html
    assert "par ana" not in html and "ana@" not in html  # no piece of ana@example.com
    assert "12,50\u00a0€" in _gift(html, shared["gift"])
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; vinyl" in html
    assert 'data-status="available"' in _gift(html, shared["gift"])
    assert "Je l&#39;offre" in _gift(html, shared["gift"])


async def test_the_owner_is_named_by_their_chosen_name_and_a_default_title_reads_well(client):
    answer = await client.post(
        "/api/auth/register",
        json={
            "email": "emma.smith@example.com",
            "password": "piano-jazz-60",
            "display_name": "Emma",
        },
    )
    emma = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    await client.post("/api/gifts", headers=emma, json={"title": "Capo"})  # the default list
    gift_list = (await client.get("/api/lists", headers=emma)).json()[0]
    assert gift_list["title"] == "My gift list"
    token = (await client.post(f"/api/lists/{gift_list['id']}/share", headers=emma)).json()
    html = (await client.get(f"/shared/{token['share_token']}", headers=FRENCH)).text
    assert "partagée par Emma" in html and "<h1>La liste de cadeaux de Emma</h1>" in html
    assert "emma.smith" not in html and "My gift list" not in html


async def test_claim_then_release_or_mark_bought_from_the_claiming_browser_only(
    client, api, shared
):
    base = f"/shared/{shared['token']}/gifts/{shared['gift']}"
    claimed = await client.post(f"{base}/claim", data={"name": "Tom"})
    assert claimed.status_code == 303
    assert (
        claimed.headers["location"] == f"/shared/{shared['token']}?done=claim#gift-{shared['gift']}"
    )
    cookie = claimed.cookies.get(f"songwish_claim_{shared['gift']}")
    assert cookie and "httponly" in claimed.headers["set-cookie"].lower()
    mine = _gift((await client.get(f"/shared/{shared['token']}")).text, shared["gift"])
    assert 'data-status="claimed"' in mine and "You reserved this gift" in mine

    transport = httpx.ASGITransport(app=api, client=("198.51.100.9", 4000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        theirs = _gift((await other.get(f"/shared/{shared['token']}")).text, shared["gift"])
        assert "Reserved" in theirs and "Tom" not in theirs and "<form" not in theirs
        taken = await other.post(f"{base}/claim")
        assert taken.headers["location"].startswith(f"/shared/{shared['token']}?done=taken")
        refused = await other.post(f"{base}/release")
        assert "done=not_yours" in refused.headers["location"]
        page = await other.get(refused.headers["location"])
        assert "Only the person who reserved this gift" in page.text

    released = await client.post(f"{base}/release")
    assert "done=release" in released.headers["location"]
    assert 'data-status="available"' in _gift(
        (await client.get(f"/shared/{shared['token']}")).text, shared["gift"]
    )
    await client.post(f"{base}/claim")
    bought = await client.post(f"{base}/bought")
    assert "done=bought" in bought.headers["location"]
    html = (await client.get(f"/shared/{shared['token']}")).text
    assert 'data-status="purchased"' in _gift(html, shared["gift"])


async def test_the_owner_recognised_by_the_chat_login_never_sees_claims(
    client, database_url, shared
):
    await client.post(f"/shared/{shared['token']}/gifts/{shared['gift']}/claim")
    client.cookies.clear()
    database = Database(database_url)
    async with database.session() as session:
        ana = await users.authenticate_local_user(
            session, email="ana@example.com", password="correct horse battery"
        )
    await database.dispose()
    client.cookies.set("access_token", chat_access_token(ana, get_settings()))
    html = (await client.get(f"/shared/{shared['token']}")).text
    assert 'data-testid="owner-banner"' in html
    assert 'data-status="available"' in _gift(html, shared["gift"])  # claimed, kept secret
    assert "<form" not in html

    client.cookies.set("access_token", "forged.token.value")
    guest_again = (await client.get(f"/shared/{shared['token']}")).text
    assert 'data-testid="owner-banner"' not in guest_again


async def test_unknown_revoked_and_malformed_links(client, shared):
    missing = await client.get("/shared/not-a-real-token")
    assert missing.status_code == 404 and "This link doesn&#39;t work" in missing.text
    await client.delete(
        f"/api/lists/{shared['list']}/share", headers={"Authorization": shared["auth"]}
    )
    revoked = await client.get(f"/shared/{shared['token']}")
    assert revoked.status_code == 404
    gone = await client.post(f"/shared/{shared['token']}/gifts/{shared['gift']}/claim")
    assert "done=gone" in gone.headers["location"]
    assert (await client.get("/shared/" + "x" * 65)).status_code == 422
    bad_gift = await client.post(f"/shared/{shared['token']}/gifts/..%2Fetc/claim")
    assert bad_gift.status_code in (404, 422)
    huge_name = await client.post(
        f"/shared/tok/gifts/{shared['gift']}/claim", data={"name": "n" * 500}
    )
    assert huge_name.status_code == 422
