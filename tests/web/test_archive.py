"""Archiving received gifts and copying a list like last year, over REST."""

from __future__ import annotations

import httpx

from tests.web.conftest import assert_error, on_both_databases


@on_both_databases
async def test_archive_what_was_received_then_copy_the_rest_for_next_year(
    client: httpx.AsyncClient, ana: dict[str, str]
) -> None:
    gift_list = (await client.post("/api/lists", headers=ana,
                                   json={"title": "Noël 2025", "occasion": "christmas"})).json()
    made = [
        (await client.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana,
                           json={"title": title, "price": 20})).json()
        for title in ("Capo", "Strings", "Guitar")
    ]
    archived = await client.post(f"/api/gifts/archive?list_id={gift_list['id']}", headers=ana,
                                 json={"gift_ids": [made[0]["id"]]})
    assert archived.status_code == 200 and archived.json()[0]["archived_at"].endswith("Z")
    # Nothing named and nothing the owner may see as bought: nothing more is archived.
    none = await client.post(f"/api/gifts/archive?list_id={gift_list['id']}", headers=ana,
                             json={})
    assert none.json() == []
    listed = (await client.get(f"/api/gifts?list_id={gift_list['id']}", headers=ana)).json()
    assert [g["title"] for g in listed] == ["Strings", "Guitar"]
    shelf = (await client.get(f"/api/gifts?list_id={gift_list['id']}&archived=true",
                              headers=ana)).json()
    assert [g["title"] for g in shelf] == ["Capo"]

    copy = await client.post(f"/api/lists/{gift_list['id']}/copy", headers=ana,
                             json={"title": "Noël 2026", "event_date": "2026-12-25"})
    assert copy.status_code == 201
    body = copy.json()
    assert (body["title"], body["occasion"], body["shared"]) == ("Noël 2026", "christmas", False)
    copied = (await client.get(f"/api/gifts?list_id={body['id']}", headers=ana)).json()
    assert [(g["title"], g["status"], g["price"]) for g in copied] == [
        ("Strings", "available", 20.0), ("Guitar", "available", 20.0)
    ]
    back = await client.delete(f"/api/gifts/{made[0]['id']}/archive", headers=ana)
    assert back.json()["archived_at"] is None


async def test_bad_archive_and_copy_requests(client: httpx.AsyncClient,
                                             ana: dict[str, str]) -> None:
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "L"})).json()
    assert_error(await client.post(f"/api/gifts/archive?list_id={gift_list['id']}", headers=ana,
                                   json={"gift_ids": ["nope"]}), 404, "not_found")
    assert_error(await client.post(f"/api/lists/{gift_list['id']}/copy", headers=ana,
                                   json={"title": "X", "gifts": "some"}), 422)
    assert_error(await client.post(f"/api/lists/{gift_list['id']}/copy", headers=ana,
                                   json={"title": ""}), 422)
    unnamed = await client.post(f"/api/lists/{gift_list['id']}/copy", headers=ana, json={})
    assert unnamed.status_code == 201 and unnamed.json()["title"].startswith("L 20")
