"""POST /api/gifts/import: a gift from a shop's product page, onto the caller's own list."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.products.shop_server import shop_server
from tests.web.conftest import assert_error


@pytest.fixture(autouse=True)
def allow_local_shops(web_env: pytest.MonkeyPatch) -> None:
    """The saved shop pages are served on 127.0.0.1, as in development."""
    web_env.setenv("PRODUCT_IMPORT_ALLOW_PRIVATE", "true")
    web_env.setenv("PRODUCT_IMPORT_MAX_BYTES", "50000")


@pytest.fixture(scope="module")
def shop() -> Iterator[str]:
    with shop_server() as base_url:
        yield base_url


async def test_a_product_page_becomes_a_gift_with_title_image_and_price(
    client: httpx.AsyncClient, ana: dict[str, str], shop: str
) -> None:
    url = f"{shop}/p/woocommerce_capo.html"
    response = await client.post("/api/gifts/import", headers=ana, json={"url": url})
    assert response.status_code == 201, response.text
    gift = response.json()
    assert (gift["title"], gift["price"], gift["currency"], gift["url"]) == (
        "Shubb C1 Capo", 24.99, "GBP", url
    )
    assert gift["image_url"] == f"{shop}/wp-content/uploads/2024/03/shubb-c1.jpg"
    listed = (await client.get("/api/gifts", headers=ana)).json()
    assert [(g["id"], g["image_url"]) for g in listed] == [(gift["id"], gift["image_url"])]


async def test_it_goes_onto_the_list_asked_for_when_it_is_mine(
    client: httpx.AsyncClient, ana: dict[str, str], bob: dict[str, str], shop: str
) -> None:
    mine = (await client.post("/api/lists", headers=ana, json={"title": "Noël"})).json()
    bobs = (await client.post("/api/lists", headers=bob, json={"title": "Bob's"})).json()
    body = {"url": f"{shop}/p/microdata_metronome.html"}
    added = await client.post(f"/api/gifts/import?list_id={mine['id']}", headers=ana, json=body)
    assert added.status_code == 201 and added.json()["list_id"] == mine["id"]
    refused = await client.post(f"/api/gifts/import?list_id={bobs['id']}", headers=ana, json=body)
    assert_error(refused, 404, "not_found")
    assert (await client.get(f"/api/gifts?list_id={bobs['id']}", headers=bob)).json() == []


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/p/blog_post.html", 422, "no_product_found"),
        ("/missing", 502, "page_unreachable"),
        ("/big", 502, "page_too_large"),
        ("/to?url=ftp://files.example/x", 400, "url_not_allowed"),
    ],
)
async def test_pages_that_give_no_gift_answer_a_clear_json_error(
    client: httpx.AsyncClient, ana: dict[str, str], shop: str, path: str, status: int, code: str
) -> None:
    response = await client.post("/api/gifts/import", headers=ana, json={"url": shop + path})
    error = assert_error(response, status, code)
    assert error["details"]["url"]
    assert (await client.get("/api/gifts", headers=ana)).json() == []


async def test_an_import_needs_a_login_and_a_url(client: httpx.AsyncClient, ana) -> None:
    anonymous = await client.post("/api/gifts/import", json={"url": "https://shop.example/p"})
    assert_error(anonymous, 401)
    assert_error(await client.post("/api/gifts/import", headers=ana, json={}), 422)
