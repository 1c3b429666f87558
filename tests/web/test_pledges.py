"""Group gifts over REST: the owner marks, guests pledge through the share link."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.web.conftest import assert_error, on_both_databases


@pytest.fixture
async def group(client: httpx.AsyncClient, ana: dict[str, str]) -> dict[str, str]:
    """Ana's shared list with a 120 € guitar marked as a group gift."""
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "Léa"})).json()
    gift = (await client.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana,
                              json={"title": "Guitar", "price": 120, "currency": "EUR"})).json()
    token = (await client.post(f"/api/lists/{gift_list['id']}/share",
                               headers=ana)).json()["share_token"]
    marked = await client.put(f"/api/gifts/{gift['id']}/group", headers=ana)
    assert marked.status_code == 200 and marked.json()["is_group"] is True
    return {"token": token, "gift": gift["id"], "list": gift_list["id"],
            "base": f"/api/shared/{token}/gifts/{gift['id']}/pledge"}


@on_both_databases
async def test_guests_fund_the_gift_and_the_organiser_buys_it(
    client: httpx.AsyncClient, ana: dict[str, str], group: dict[str, str]
) -> None:
    base = group["base"]
    first = await client.post(base, json={"amount": 50, "name": "Tom"})
    assert first.status_code == 201, first.text
    tom = first.json()
    assert tom["funding"]["pledged"] == 50 and tom["funding"]["remaining"] == 70
    assert tom["mine"]["organiser"] is True and tom["funding"]["organiser_name"] == "Tom"
    zoe = (await client.post(base, json={"amount": 80, "name": "Zoé"}))
    error = assert_error(zoe, 409, "over_pledged")
    assert error["details"]["remaining"] == 7000  # minor units, refused rather than capped
    zoe = (await client.post(base, json={"amount": 70, "name": "Zoé"})).json()

    listed = (await client.get(f"/api/shared/{group['token']}")).json()["gifts"][0]
    assert listed["is_group"] and listed["funding"]["complete"] is True
    assert_error(await client.post(f"/api/shared/{group['token']}/gifts/{group['gift']}/claim"),
                 409)
    owner = (await client.get(f"/api/gifts/{group['gift']}", headers=ana)).json()
    assert owner["funding"] is None and owner["given_by"] == []  # the surprise holds

    organiser = (await client.get(base, headers={"X-Pledge-Secret": tom["pledge_secret"]})).json()
    assert [(p["name"], p["amount"]) for p in organiser["contributions"]] == [
        ("Tom", 50.0), ("Zoé", 70.0)
    ]
    guest = (await client.get(base, headers={"X-Pledge-Secret": zoe["pledge_secret"]})).json()
    assert guest["contributions"] == [] and guest["mine"]["amount"] == 70.0
    assert_error(await client.post(f"{base}/bought",
                                   json={"pledge_secret": zoe["pledge_secret"]}), 409)
    bought = await client.post(f"{base}/bought", json={"pledge_secret": tom["pledge_secret"]})
    assert bought.json()["gift"]["status"] == "purchased"
    assert_error(await client.post(f"{base}/withdraw",
                                   json={"pledge_secret": zoe["pledge_secret"]}), 409,
                 "illegal_transition")


async def test_change_withdraw_and_volunteer(client: httpx.AsyncClient,
                                             group: dict[str, str]) -> None:
    base = group["base"]
    tom = (await client.post(base, json={"amount": 20, "name": "Tom"})).json()
    zoe = (await client.post(base, json={"amount": 30.5, "name": "Zoé"})).json()
    changed = await client.put(base, json={"pledge_secret": zoe["pledge_secret"], "amount": 40})
    assert changed.json()["funding"]["pledged"] == 60
    assert_error(await client.put(base, json={"pledge_secret": "guess", "amount": 1}), 409)
    took = await client.post(f"{base}/organise", json={"pledge_secret": zoe["pledge_secret"]})
    assert took.json()["funding"]["organiser_name"] == "Zoé"
    left = await client.post(f"{base}/withdraw", json={"pledge_secret": tom["pledge_secret"]})
    assert left.json()["funding"]["pledged"] == 40 and left.json()["mine"] is None


async def test_owner_sees_totals_and_signed_names_once_revealed(
    client: httpx.AsyncClient, ana: dict[str, str], group: dict[str, str]
) -> None:
    await client.post(group["base"], json={"amount": 30, "name": "Tom", "signed": True})
    await client.post(group["base"], json={"amount": 10, "name": "Zoé"})
    revealed = await client.put(f"/api/lists/{group['list']}", headers=ana,
                                json={"reveal_on": "2000-01-01"})
    assert revealed.json()["reveal_on"] == "2000-01-01"
    owner = (await client.get(f"/api/gifts/{group['gift']}", headers=ana)).json()
    assert owner["funding"]["pledged"] == 40 and owner["funding"]["remaining"] == 80
    assert owner["given_by"] == ["Tom"] and "pledgers" not in owner["funding"]
    assert_error(await client.delete(f"/api/gifts/{group['gift']}/group", headers=ana), 409)


async def test_bad_pledges_and_forged_links(client: httpx.AsyncClient, ana: dict[str, str],
                                            group: dict[str, str]) -> None:
    base = group["base"]
    assert_error(await client.post(base, json={"amount": "10"}), 422, "validation_error")
    assert_error(await client.post(base, json={"amount": 0}), 400, "invalid_input")
    assert_error(await client.post(base, json={"amount": 1.234}), 400, "invalid_input")
    assert_error(await client.post(base, json={"amount": 5, "who": "x"}), 422)
    forged = base.replace(group["token"], "forged-token")
    assert_error(await client.get(forged), 404, "not_found")
    assert_error(await client.post(forged, json={"amount": 5}), 404, "not_found")
    plain = (await client.post(f"/api/gifts?list_id={group['list']}", headers=ana,
                               json={"title": "Strings"})).json()
    assert_error(await client.put(f"/api/gifts/{plain['id']}/group", headers=ana), 400)


@on_both_databases
async def test_many_guests_pledging_at_once_never_exceed_the_price(
    client: httpx.AsyncClient, group: dict[str, str]
) -> None:
    answers = await asyncio.gather(
        *(client.post(group["base"], json={"amount": 25}) for _ in range(8))
    )
    assert sorted(a.status_code for a in answers) == [201] * 4 + [409] * 4
    view = (await client.get(group["base"])).json()
    assert view["funding"]["pledged"] == 100 and view["funding"]["pledgers"] == 4
