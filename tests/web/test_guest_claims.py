"""/api/guests/{key}/claims and /api/me/claims: one guest's claims on several lists."""

from __future__ import annotations

import httpx
import pytest

from tests.web.conftest import assert_error, on_both_databases, register

pytestmark = on_both_databases


async def _shared_list(client: httpx.AsyncClient, owner: dict[str, str], title: str,
                       gifts: list[str]) -> tuple[str, list[str]]:
    made = (await client.post("/api/lists", headers=owner, json={"title": title})).json()
    ids = [(await client.post(f"/api/gifts?list_id={made['id']}", headers=owner,
                              json={"title": gift, "price": 10})).json()["id"] for gift in gifts]
    token = (await client.post(f"/api/lists/{made['id']}/share", headers=owner)).json()
    return token["share_token"], ids


@pytest.fixture
async def two_lists(client: httpx.AsyncClient, ana: dict[str, str], bob: dict[str, str]):
    """Ana's list (Capo, Strings) and Bob's (Tuner), both shared."""
    ana_token, (capo, strings) = await _shared_list(client, ana, "Noël", ["Capo", "Strings"])
    bob_token, (tuner,) = await _shared_list(client, bob, "Anniversaire", ["Tuner"])
    return {"ana": ana_token, "bob": bob_token, "capo": capo, "strings": strings, "tuner": tuner}


async def _claim(client: httpx.AsyncClient, token: str, gift: str, key: str | None) -> None:
    body = {"guest_key": key} if key else {}
    response = await client.post(f"/api/shared/{token}/gifts/{gift}/claim", json=body)
    assert response.status_code == 200, response.text


async def test_a_guest_sees_and_manages_claims_on_several_lists(
    client: httpx.AsyncClient, two_lists: dict[str, str]
) -> None:
    made = await client.post("/api/guests")
    assert made.status_code == 201
    key = made.json()["key"]
    assert made.json()["claims_url"].endswith(f"/claims/{key}")
    await _claim(client, two_lists["ana"], two_lists["capo"], key)
    await _claim(client, two_lists["bob"], two_lists["tuner"], key)
    await _claim(client, two_lists["ana"], two_lists["strings"], None)  # someone else
    overview = (await client.get(f"/api/guests/{key}/claims")).json()
    assert [(g["list_title"], g["owner_name"], [x["title"] for x in g["gifts"]])
            for g in overview["lists"]] == [("Noël", "ana", ["Capo"]),
                                            ("Anniversaire", "bob", ["Tuner"])]
    assert overview["lists"][0]["share_url"].endswith(f"/shared/{two_lists['ana']}")
    base = f"/api/guests/{key}/claims"
    bought = await client.post(f"{base}/{two_lists['tuner']}/purchased")
    assert bought.json()["status"] == "purchased"
    released = await client.post(f"{base}/{two_lists['capo']}/release")
    assert released.json()["status"] == "available"
    assert_error(await client.post(f"{base}/{two_lists['tuner']}/release"), 409)
    after = (await client.get(base)).json()["lists"]
    assert [(g["list_title"], [(x["title"], x["status"]) for x in g["gifts"]]) for g in after] == [
        ("Anniversaire", [("Tuner", "purchased")])
    ]


async def test_another_key_sees_nothing_and_changes_nothing(
    client: httpx.AsyncClient, two_lists: dict[str, str]
) -> None:
    mine = (await client.post("/api/guests")).json()["key"]
    other = (await client.post("/api/guests")).json()["key"]
    await _claim(client, two_lists["ana"], two_lists["capo"], mine)
    assert (await client.get(f"/api/guests/{other}/claims")).json() == {"lists": []}
    assert_error(await client.post(f"/api/guests/{other}/claims/{two_lists['capo']}/release"),
                 404, "not_found")
    assert_error(await client.post(f"/api/guests/{other}/claims/{two_lists['capo']}/purchased"),
                 404, "not_found")


async def test_forged_keys_are_not_found(client: httpx.AsyncClient,
                                         two_lists: dict[str, str]) -> None:
    for forged in ("nope", "A" * 43):
        assert_error(await client.get(f"/api/guests/{forged}/claims"), 404, "not_found")
        assert_error(await client.post(f"/api/guests/{forged}/claims/{two_lists['capo']}/release"),
                     404, "not_found")
    claim = await client.post(f"/api/shared/{two_lists['ana']}/gifts/{two_lists['capo']}/claim",
                              json={"guest_key": "forged"})
    assert_error(claim, 404, "not_found")
    view = (await client.get(f"/api/shared/{two_lists['ana']}")).json()
    assert {g["status"] for g in view["gifts"]} == {"available"}


async def test_a_revoked_link_hides_the_list(client: httpx.AsyncClient, ana: dict[str, str],
                                             two_lists: dict[str, str]) -> None:
    key = (await client.post("/api/guests")).json()["key"]
    await _claim(client, two_lists["ana"], two_lists["capo"], key)
    lists = (await client.get("/api/lists", headers=ana)).json()
    await client.delete(f"/api/lists/{lists[-1]['id']}/share", headers=ana)
    assert (await client.get(f"/api/guests/{key}/claims")).json() == {"lists": []}
    assert_error(await client.post(f"/api/guests/{key}/claims/{two_lists['capo']}/release"), 404)


async def test_my_claims_need_an_account(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/api/me/claims"), 401)
    lea = await register(client, "lea@example.com")
    assert (await client.get("/api/me/claims", headers=lea)).json() == {"lists": []}
