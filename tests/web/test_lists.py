"""/api/lists: create, read, rename, delete, share and revoke."""

from __future__ import annotations

import httpx

from tests.web.conftest import assert_error


async def test_create_read_update_delete(client: httpx.AsyncClient, ana: dict[str, str]) -> None:
    created = await client.post("/api/lists", headers=ana, json={
        "title": "Léa's birthday", "occasion": "birthday", "event_date": "2025-12-24",
        "notes": "she loves jazz",
    })
    assert created.status_code == 201
    body = created.json()
    assert body | {"id": "", "created_at": "", "updated_at": ""} == {
        "id": "", "title": "Léa's birthday", "occasion": "birthday",
        "event_date": "2025-12-24", "notes": "she loves jazz", "is_default": False,
        "owner_sees_status": False, "reveal_on": None, "shared": False, "share_token": None,
        "share_url": None,
        "created_at": "", "updated_at": "",
    }
    renamed = await client.put(f"/api/lists/{body['id']}", headers=ana,
                               json={"title": "Léa, 30"})
    assert (renamed.json()["title"], renamed.json()["occasion"]) == ("Léa, 30", "birthday")
    assert (await client.get(f"/api/lists/{body['id']}", headers=ana)).json() == renamed.json()
    assert [item["id"] for item in (await client.get("/api/lists", headers=ana)).json()] == [
        body["id"]
    ]
    assert (await client.delete(f"/api/lists/{body['id']}", headers=ana)).status_code == 204
    assert_error(await client.get(f"/api/lists/{body['id']}", headers=ana), 404, "not_found")


async def test_deleting_a_list_takes_its_gifts(client: httpx.AsyncClient,
                                               ana: dict[str, str]) -> None:
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "Old"})).json()
    gift = (await client.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana,
                              json={"title": "x"})).json()
    await client.delete(f"/api/lists/{gift_list['id']}", headers=ana)
    assert_error(await client.get(f"/api/gifts/{gift['id']}", headers=ana), 404)


async def test_invalid_lists_are_refused(client: httpx.AsyncClient, ana: dict[str, str]) -> None:
    for body in ({}, {"title": ""}, {"title": "x", "event_date": "24/12/2025"},
                 {"title": "x", "owner_id": "someone"}, {"title": "   "}):
        response = await client.post("/api/lists", headers=ana, json=body)
        assert response.status_code in (400, 422), body
        assert_error(response, response.status_code)
    assert (await client.get("/api/lists", headers=ana)).json() == []


async def test_share_gives_a_stable_link_until_revoked(client: httpx.AsyncClient,
                                                       ana: dict[str, str]) -> None:
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "Noël"})).json()
    shared = (await client.post(f"/api/lists/{gift_list['id']}/share", headers=ana)).json()
    token = shared["share_token"]
    assert shared["shared"] is True and len(token) >= 40
    assert shared["share_url"] == f"http://localhost:8000/shared/{token}"
    again = (await client.post(f"/api/lists/{gift_list['id']}/share", headers=ana)).json()
    assert again["share_token"] == token
    assert (await client.get(f"/api/shared/{token}")).status_code == 200

    revoked = await client.delete(f"/api/lists/{gift_list['id']}/share", headers=ana)
    assert revoked.json() | {"updated_at": ""} == {
        **shared, "shared": False, "share_token": None, "share_url": None, "updated_at": "",
    }
    assert_error(await client.get(f"/api/shared/{token}"), 404, "not_found")
    fresh = (await client.post(f"/api/lists/{gift_list['id']}/share", headers=ana)).json()
    assert fresh["share_token"] != token
