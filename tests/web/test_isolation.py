"""Cross-user isolation: Bob can never read, change, claim-as-owner or order anything of Ana's.

Every id of Ana's (list, gift, order, conversation) is tried on every route
that takes one, on SQLite and on PostgreSQL. An id of someone else's answers
exactly like an unknown id (404), so ids cannot even be probed.
"""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import PIANO_APP, LiveApi, assert_error, on_both_databases, register


@pytest.fixture
async def shop(live_api: LiveApi):
    async with live_api.client() as client:
        yield client


@pytest.fixture
async def anas(shop: httpx.AsyncClient) -> dict[str, str]:
    """Everything Ana owns, by kind."""
    ana = await register(shop, "ana@example.com")
    gift_list = (await shop.post("/api/lists", headers=ana, json={"title": "Ana's"})).json()
    gift = (await shop.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana,
                            json={"item_id": PIANO_APP})).json()
    await shop.post(f"/api/lists/{gift_list['id']}/share", headers=ana)
    order = (await shop.post("/api/orders", headers={**ana, "Idempotency-Key": "a-1"},
                             json={"gift_id": gift["id"]})).json()
    return {"list": gift_list["id"], "gift": gift["id"], "order": order["id"],
            "headers": ana["Authorization"]}


def snapshot_routes(ids: dict[str, str]) -> list[tuple[str, str, dict | None]]:
    return [
        ("GET", f"/api/lists/{ids['list']}", None),
        ("PUT", f"/api/lists/{ids['list']}", {"title": "Bob's now", "owner_sees_status": True}),
        ("DELETE", f"/api/lists/{ids['list']}", None),
        ("POST", f"/api/lists/{ids['list']}/share", None),
        ("DELETE", f"/api/lists/{ids['list']}/share", None),
        ("GET", f"/api/gifts?list_id={ids['list']}", None),
        ("POST", f"/api/gifts?list_id={ids['list']}", {"title": "planted by Bob"}),
        ("GET", f"/api/gifts/{ids['gift']}", None),
        ("PUT", f"/api/gifts/{ids['gift']}", {"title": "changed by Bob", "position": 0}),
        ("DELETE", f"/api/gifts/{ids['gift']}", None),
        ("POST", f"/api/gifts/{ids['gift']}/purchased", None),
        ("PUT", f"/api/gifts/{ids['gift']}/group", None),
        ("DELETE", f"/api/gifts/{ids['gift']}/group", None),
        ("POST", f"/api/gifts/archive?list_id={ids['list']}", {"gift_ids": [ids["gift"]]}),
        ("DELETE", f"/api/gifts/{ids['gift']}/archive", None),
        ("POST", f"/api/lists/{ids['list']}/copy", {"title": "Bob's copy"}),
        ("GET", f"/api/orders/{ids['order']}", None),
    ]


@on_both_databases
async def test_bob_cannot_touch_anas_lists_gifts_or_orders(shop, anas) -> None:
    bob = await register(shop, "bob@example.com")
    ana = {"Authorization": anas["headers"]}
    before = await _everything(shop, ana, anas)
    for method, url, body in snapshot_routes(anas):
        response = await shop.request(method, url, headers=bob, json=body)
        assert_error(response, 404, "not_found")
    assert await _everything(shop, ana, anas) == before
    # Bob's own views contain nothing of Ana's.
    assert (await shop.get("/api/orders", headers=bob)).json() == []
    assert [item["title"] for item in (await shop.get("/api/lists", headers=bob)).json()] == []
    assert (await shop.get("/api/gifts", headers=bob)).json() == []


@on_both_databases
async def test_bob_cannot_order_anas_gift_or_see_her_order_by_key(shop, anas) -> None:
    bob = await register(shop, "bob@example.com")
    stolen = await shop.post("/api/orders", headers={**bob, "Idempotency-Key": "a-1"},
                             json={"gift_id": anas["gift"]})
    assert_error(stolen, 404, "not_found")
    same_key = await shop.post("/api/orders", headers={**bob, "Idempotency-Key": "a-1"},
                               json={"item_id": PIANO_APP})
    assert same_key.status_code == 201 and same_key.json()["id"] != anas["order"]


@on_both_databases
async def test_conversations_belong_to_their_owner(shop, anas) -> None:
    ana = {"Authorization": anas["headers"]}
    bob = await register(shop, "bob@example.com")
    turn = await shop.post("/api/assistant/chat", headers=ana, json={"message": "Bonjour"})
    assert turn.status_code == 200, turn.text
    session_id = turn.json()["session_id"]
    assert_error(await shop.get(f"/api/assistant/history/{session_id}", headers=bob), 404)
    hijack = await shop.post("/api/assistant/chat", headers=bob,
                             json={"message": "buy it", "session_id": session_id})
    assert_error(hijack, 404, "not_found")
    approve = await shop.post("/api/assistant/approve", headers=bob,
                              json={"session_id": session_id, "approve": True})
    assert_error(approve, 404, "not_found")
    history = (await shop.get(f"/api/assistant/history/{session_id}", headers=ana)).json()
    assert [message["content"] for message in history["messages"]][:1] == ["Bonjour"]


@on_both_databases
async def test_guests_cannot_act_as_owner_and_owner_ids_do_not_open_share_links(
    shop, anas
) -> None:
    """The share token is the only guest key: list or gift ids do not work as one."""
    for token in (anas["list"], anas["gift"], anas["order"]):
        assert_error(await shop.get(f"/api/shared/{token}"), 404)
    bob = await register(shop, "bob@example.com")
    # Bob holding Ana's share link is a guest: he may claim, never change the list.
    ana = {"Authorization": anas["headers"]}
    token = (await shop.get(f"/api/lists/{anas['list']}", headers=ana)).json()["share_token"]
    claim = await shop.post(f"/api/shared/{token}/gifts/{anas['gift']}/claim", headers=bob)
    assert claim.status_code == 200
    assert_error(await shop.put(f"/api/gifts/{anas['gift']}", headers=bob,
                                json={"title": "x"}), 404)


async def _everything(shop: httpx.AsyncClient, ana: dict[str, str],
                      ids: dict[str, str]) -> list[object]:
    lists = (await shop.get("/api/lists", headers=ana)).json()
    gifts = (await shop.get(f"/api/gifts?list_id={ids['list']}", headers=ana)).json()
    orders = (await shop.get("/api/orders", headers=ana)).json()
    return [lists, gifts, orders]
