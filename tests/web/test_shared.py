"""/api/shared/{token}: guests view, claim, release and mark bought, without an account."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.web.conftest import assert_error


@pytest.fixture
async def shared(client: httpx.AsyncClient, ana: dict[str, str]) -> dict[str, str]:
    """Ana's shared list with one gift: its token, the gift id and the list id."""
    await client.patch("/api/auth/me", headers=ana, json={"locale": "fr"})
    gift_list = (await client.post("/api/lists", headers=ana, json={"title": "Noël"})).json()
    gift = (await client.post(f"/api/gifts?list_id={gift_list['id']}", headers=ana,
                              json={"title": "Capo", "price": 12.5})).json()
    token = (await client.post(f"/api/lists/{gift_list['id']}/share",
                               headers=ana)).json()["share_token"]
    return {"token": token, "gift": gift["id"], "list": gift_list["id"]}


async def test_guests_see_the_list_in_their_language(client: httpx.AsyncClient,
                                                     shared: dict[str, str]) -> None:
    view = await client.get(f"/api/shared/{shared['token']}",
                            headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    assert view.status_code == 200
    body = view.json()
    assert (body["title"], body["owner_name"]) == ("Noël", None)  # never a piece of the email
    assert [(g["id"], g["status"], g["price_display"]) for g in body["gifts"]] == [
        (shared["gift"], "available", "12,50\u00a0€")
    ]
    english = (await client.get(f"/api/shared/{shared['token']}")).json()
    assert english["gifts"][0]["price_display"] == "€12.50"
    assert "list_id" not in english["gifts"][0] and "claimer_name" not in english["gifts"][0]


async def test_claim_release_and_purchase_need_the_claim_secret(
    client: httpx.AsyncClient, ana: dict[str, str], shared: dict[str, str]
) -> None:
    base = f"/api/shared/{shared['token']}/gifts/{shared['gift']}"
    claim = await client.post(f"{base}/claim", json={"name": "Tom"})
    assert claim.status_code == 200
    secret = claim.json()["claim_secret"]
    assert claim.json()["gift"]["status"] == "claimed"
    assert_error(await client.post(f"{base}/claim"), 409, "conflict")
    assert_error(await client.post(f"{base}/release", json={"claim_secret": "guess"}), 409)
    assert_error(await client.post(f"{base}/release", json={}), 422, "validation_error")

    guest_view = (await client.get(f"/api/shared/{shared['token']}")).json()
    assert guest_view["gifts"][0]["status"] == "claimed"
    owner_view = (await client.get(f"/api/gifts/{shared['gift']}", headers=ana)).json()
    assert owner_view["status"] == "available"  # the surprise is kept

    released = await client.post(f"{base}/release", json={"claim_secret": secret})
    assert released.json()["status"] == "available"
    second = (await client.post(f"{base}/claim")).json()["claim_secret"]
    assert_error(await client.post(f"{base}/purchased", json={"claim_secret": secret}), 409)
    bought = await client.post(f"{base}/purchased", json={"claim_secret": second})
    assert bought.json()["status"] == "purchased"
    assert_error(await client.post(f"{base}/release", json={"claim_secret": second}), 409,
                 "illegal_transition")


async def test_two_guests_claiming_at_once_one_wins(client: httpx.AsyncClient,
                                                    shared: dict[str, str]) -> None:
    url = f"/api/shared/{shared['token']}/gifts/{shared['gift']}/claim"
    answers = await asyncio.gather(*(client.post(url) for _ in range(4)))
    assert sorted(answer.status_code for answer in answers) == [200, 409, 409, 409]


async def test_unknown_tokens_and_gifts_are_404(client: httpx.AsyncClient,
                                                ana: dict[str, str],
                                                shared: dict[str, str]) -> None:
    assert_error(await client.get("/api/shared/not-a-token"), 404, "not_found")
    private = (await client.post("/api/lists", headers=ana, json={"title": "Private"})).json()
    other = (await client.post(f"/api/gifts?list_id={private['id']}", headers=ana,
                               json={"title": "Not shared"})).json()
    url = f"/api/shared/{shared['token']}/gifts/{other['id']}/claim"
    assert_error(await client.post(url), 404, "not_found")
    assert_error(await client.post(f"/api/shared/{'x' * 65}/gifts/{shared['gift']}/claim"), 422)
