"""/api/gifts: the caller's gifts on their default list or a chosen one."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import CAPO, PIANO_APP, VIOLIN, assert_error


async def test_a_title_alone_makes_a_gift_on_the_default_list(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    created = await client.post("/api/gifts", headers=ana, json={"title": "Guitar strings"})
    assert created.status_code == 201
    gift = created.json()
    assert gift | {"id": "", "list_id": "", "created_at": "", "updated_at": ""} == {
        "id": "", "list_id": "", "item_id": None, "title": "Guitar strings",
        "description": None, "url": None, "image_url": None, "price": None, "currency": None,
        "price_display": None, "priority": 2, "quantity": 1, "position": 0,
        "status": "available", "created_at": "", "updated_at": "",
        "is_group": False, "funding": None, "given_by": [], "archived_at": None,
    }
    assert gift["created_at"].endswith("Z")
    lists = (await client.get("/api/lists", headers=ana)).json()
    assert [(item["id"], item["is_default"]) for item in lists] == [(gift["list_id"], True)]
    listed = await client.get("/api/gifts", headers=ana)
    assert [item["id"] for item in listed.json()] == [gift["id"]]


async def test_a_catalogue_item_brings_its_title_and_price_in_my_currency(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    await client.patch("/api/auth/me", headers=ana, json={"locale": "fr", "currency": "GBP"})
    response = await client.post("/api/gifts", headers=ana, json={"item_id": VIOLIN})
    assert response.status_code == 201
    gift = response.json()
    assert gift["item_id"] == VIOLIN
    assert gift["title"] == "Violon d'étude complet"
    assert (gift["price"], gift["currency"], gift["price_display"]) == (
        179.0, "GBP", "179,00\u00a0£GB"
    )
    assert gift["description"].startswith("Un violon")


async def test_catalogue_price_falls_back_to_eur_and_explicit_fields_win(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    await client.patch("/api/auth/me", headers=ana, json={"currency": "JPY"})
    no_yen = await client.post("/api/gifts", headers=ana, json={"item_id": CAPO})
    assert (no_yen.json()["price"], no_yen.json()["currency"]) == (14.99, "EUR")
    yen = await client.post("/api/gifts", headers=ana, json={"item_id": PIANO_APP})
    assert (yen.json()["price"], yen.json()["price_display"]) == (12000.0, "¥12,000")
    mine = await client.post("/api/gifts", headers=ana, json={
        "item_id": VIOLIN, "title": "Léa's violin", "price": 150, "currency": "USD",
        "priority": 1, "quantity": 2, "url": "https://shop.example/violin",
    })
    assert {k: mine.json()[k] for k in ("title", "price", "currency", "priority", "quantity",
                                        "url")} == {
        "title": "Léa's violin", "price": 150.0, "currency": "USD", "priority": 1,
        "quantity": 2, "url": "https://shop.example/violin",
    }


async def test_unknown_catalogue_items_and_lists_are_404(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    assert_error(await client.post("/api/gifts", headers=ana, json={"item_id": "nope-001"}),
                 404, "not_found")
    assert_error(await client.post("/api/gifts?list_id=" + "0" * 32, headers=ana,
                                   json={"title": "x"}), 404, "not_found")
    assert_error(await client.get("/api/gifts?list_id=" + "0" * 32, headers=ana), 404)


@pytest.mark.parametrize("body, status", [
    ({}, 422),
    ({"title": ""}, 422),
    ({"title": "x" * 201}, 422),
    ({"title": "x", "price": -1}, 422),
    ({"title": "x", "price": "12"}, 422),
    ({"title": "x", "price": 12.345}, 400),
    ({"title": "x", "price": 1e12}, 400),
    ({"title": "x", "price": 1, "currency": "ZZZ"}, 400),
    ({"title": "x", "priority": 4}, 422),
    ({"title": "x", "quantity": 0}, 422),
    ({"title": "x", "quantity": 2.0}, 422),
    ({"title": "x", "url": "javascript:alert(1)"}, 400),
    ({"title": "x", "status": "purchased"}, 422),
    ({"title": "x", "list_id": "abc"}, 422),
    ([{"title": "x"}], 422),
])
async def test_invalid_gifts_are_refused_and_nothing_is_stored(
    client: httpx.AsyncClient, ana: dict[str, str], body: object, status: int
) -> None:
    response = await client.post("/api/gifts", headers=ana, json=body)
    assert_error(response, status)
    assert (await client.get("/api/gifts", headers=ana)).json() == []


async def test_malformed_json_is_a_validation_error(client: httpx.AsyncClient,
                                                    ana: dict[str, str]) -> None:
    response = await client.post("/api/gifts", content=b'{"title": ',
                                 headers={**ana, "Content-Type": "application/json"})
    assert_error(response, 422, "validation_error")


async def test_update_changes_only_what_is_sent(client: httpx.AsyncClient,
                                                ana: dict[str, str]) -> None:
    gift = (await client.post("/api/gifts", headers=ana, json={
        "title": "Capo", "description": "spring", "price": 12.5, "url": "https://x.example",
    })).json()
    response = await client.put(f"/api/gifts/{gift['id']}", headers=ana,
                                json={"priority": 1, "description": None})
    assert response.status_code == 200
    updated = response.json()
    assert (updated["title"], updated["priority"], updated["description"], updated["price"],
            updated["url"]) == ("Capo", 1, None, 12.5, "https://x.example")
    repriced = await client.put(f"/api/gifts/{gift['id']}", headers=ana,
                                json={"price": 20, "currency": "USD"})
    assert (repriced.json()["price"], repriced.json()["currency"]) == (20.0, "USD")
    relabelled = await client.put(f"/api/gifts/{gift['id']}", headers=ana,
                                  json={"currency": "GBP"})
    assert (relabelled.json()["price"], relabelled.json()["currency"]) == (20.0, "GBP")
    yen = await client.put(f"/api/gifts/{gift['id']}", headers=ana, json={"price": 12.5,
                                                                          "currency": "JPY"})
    assert_error(yen, 400, "invalid_input")  # yen have no decimals; nothing changed
    cleared = await client.put(f"/api/gifts/{gift['id']}", headers=ana, json={"price": None})
    assert (cleared.json()["price"], cleared.json()["currency"]) == (None, None)
    fetched = await client.get(f"/api/gifts/{gift['id']}", headers=ana)
    assert fetched.json() == cleared.json()


async def test_position_reorders_the_list(client: httpx.AsyncClient,
                                          ana: dict[str, str]) -> None:
    ids = [(await client.post("/api/gifts", headers=ana, json={"title": t})).json()["id"]
           for t in ("a", "b", "c")]
    moved = await client.put(f"/api/gifts/{ids[2]}", headers=ana, json={"position": 0})
    assert moved.json()["position"] == 0
    order = [gift["title"] for gift in (await client.get("/api/gifts", headers=ana)).json()]
    assert order == ["c", "a", "b"]


async def test_gifts_on_a_chosen_list(client: httpx.AsyncClient, ana: dict[str, str]) -> None:
    default = await client.post("/api/gifts", headers=ana, json={"title": "On default"})
    other = (await client.post("/api/lists", headers=ana, json={"title": "Noël"})).json()
    on_other = await client.post(f"/api/gifts?list_id={other['id']}", headers=ana,
                                 json={"title": "On Noël"})
    assert on_other.json()["list_id"] == other["id"]
    assert [g["title"] for g in (await client.get(f"/api/gifts?list_id={other['id']}",
                                                  headers=ana)).json()] == ["On Noël"]
    assert [g["id"] for g in (await client.get("/api/gifts", headers=ana)).json()] == [
        default.json()["id"]
    ]


async def test_delete_and_owner_purchase(client: httpx.AsyncClient, ana: dict[str, str]) -> None:
    gift = (await client.post("/api/gifts", headers=ana, json={"title": "Capo"})).json()
    bought = await client.post(f"/api/gifts/{gift['id']}/purchased", headers=ana)
    # Surprise protection: the owner's view stays "available" until the list opts in.
    assert bought.json()["status"] == "available"
    await client.put(f"/api/lists/{gift['list_id']}", headers=ana,
                     json={"owner_sees_status": True})
    assert (await client.get(f"/api/gifts/{gift['id']}", headers=ana)).json()["status"] == (
        "purchased"
    )
    deleted = await client.delete(f"/api/gifts/{gift['id']}", headers=ana)
    assert deleted.status_code == 204 and deleted.content == b""
    assert_error(await client.get(f"/api/gifts/{gift['id']}", headers=ana), 404)
    assert_error(await client.delete(f"/api/gifts/{gift['id']}", headers=ana), 404)
