"""The shared page's group gifts: a progress bar, pledge forms, the organiser; reveal dates."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.web.conftest import register


@pytest.fixture
async def group(client: httpx.AsyncClient) -> dict[str, str]:
    """Ana's shared list with a 100 € guitar as a group gift, and a capo."""
    ana = await register(client, "ana@example.com")
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "Léa"})).json()
    made = [
        (await client.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana,
                           json=body)).json()
        for body in ({"title": "Guitar", "price": 100}, {"title": "Capo", "price": 12.5})
    ]
    await client.put(f"/api/gifts/{made[0]['id']}/group", headers=ana)
    token = (await client.post(f"/api/lists/{gift_list['id']}/share",
                               headers=ana)).json()["share_token"]
    return {"token": token, "gift": made[0]["id"], "capo": made[1]["id"],
            "list": gift_list["id"], "auth": ana["Authorization"]}


def _gift(html: str, gift_id: str) -> str:
    # Up to the next gift: a group gift's card holds a list of its own.
    pattern = rf'<li class="card gift[^"]*" id="gift-{gift_id}".*?(?=<li class="card gift|</ol>)'
    match = re.search(pattern, html, re.S)
    assert match, f"gift {gift_id} not on the page"
    return match.group(0)


def _other_browser(api) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=api, client=("198.51.100.9", 4000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def test_guests_pledge_from_the_page_and_the_organiser_buys(client, api, group):
    page = f"/shared/{group['token']}"
    action = f"{page}/gifts/{group['gift']}/pledge"
    fresh = _gift((await client.get(page)).text, group["gift"])
    assert 'data-testid="pledge-form"' in fresh and 'data-testid="claim"' not in fresh
    pledged = await client.post(action, data={"amount": "60", "name": "Tom"})
    assert pledged.status_code == 303 and "group=pledged" in pledged.headers["location"]
    assert "httponly" in pledged.headers["set-cookie"].lower()
    mine = _gift((await client.get(page)).text, group["gift"])
    assert 'aria-valuenow="60"' in mine and "€60.00 of €100.00 funded" in mine
    assert "Your share: €60.00" in mine and "Organised by Tom" in mine

    async with _other_browser(api) as other:
        too_much = await other.post(action, data={"amount": "50"})
        assert "group=too_much" in too_much.headers["location"]
        bad = await other.post(action, data={"amount": "a lot"})
        assert "group=bad_amount" in bad.headers["location"]
        assert "group=not_allowed" in (await other.post(f"{action}/bought")).headers["location"]
        await other.post(action, data={"amount": "40,00", "name": "Zoé"})
        theirs = _gift((await other.get(page)).text, group["gift"])
        assert "Fully funded!" in theirs and "Zoé · " not in theirs
        assert 'data-testid="group-bought"' not in theirs

    organiser = _gift((await client.get(page)).text, group["gift"])
    assert "Tom · €60.00" in organiser and "Zoé · €40.00" in organiser
    bought = await client.post(f"{action}/bought")
    assert "group=group_bought" in bought.headers["location"]
    assert 'data-status="purchased"' in _gift((await client.get(page)).text, group["gift"])


async def test_a_pledge_changes_and_withdraws_from_its_browser(client, group):
    action = f"/shared/{group['token']}/gifts/{group['gift']}/pledge"
    await client.post(action, data={"amount": "10"})
    changed = await client.post(action, data={"amount": "25"})
    assert "group=pledge_changed" in changed.headers["location"]
    shown = _gift((await client.get(f"/shared/{group['token']}")).text, group["gift"])
    assert "Your share: €25.00" in shown
    withdrawn = await client.post(f"{action}/withdraw")
    assert "group=withdrawn" in withdrawn.headers["location"]
    assert 'songwish_pledge_' in withdrawn.headers["set-cookie"]  # the cookie is cleared
    client.cookies.clear()
    shown = _gift((await client.get(f"/shared/{group['token']}")).text, group["gift"])
    assert "€0.00 of €100.00 funded" in shown


async def test_the_owner_sees_totals_only_from_the_reveal_date(client, api, group):
    async with _other_browser(api) as guest:
        await guest.post(f"/shared/{group['token']}/gifts/{group['gift']}/pledge",
                         data={"amount": "30", "name": "Tom", "signed": "true"})
        await guest.post(f"/shared/{group['token']}/gifts/{group['capo']}/claim",
                         data={"name": "Zoé", "signed": "true"})
    owner = {"Authorization": group["auth"]}
    await client.put(f"/api/lists/{group['list']}", headers=owner,
                     json={"reveal_on": "2999-12-24"})
    hidden = (await client.get(f"/api/gifts?list_id={group['list']}", headers=owner)).json()
    assert [(g["status"], g["funding"], g["given_by"]) for g in hidden] == [
        ("available", None, []), ("available", None, [])
    ]
    await client.put(f"/api/lists/{group['list']}", headers=owner,
                     json={"reveal_on": "2000-01-01"})
    shown = (await client.get(f"/api/gifts?list_id={group['list']}", headers=owner)).json()
    assert shown[0]["funding"]["pledged"] == 30 and shown[0]["given_by"] == ["Tom"]
    assert (shown[1]["status"], shown[1]["given_by"]) == ("claimed", ["Zoé"])
