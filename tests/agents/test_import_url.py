"""A product page URL pasted in the chat: the offline model imports it, through the real graph."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest

from agents.assistant import Assistant
from agents.offline import OfflineChatModel
from store import gifts, lists
from tests.products.shop_server import shop_server


@pytest.fixture(autouse=True)
def allow_local_shops(monkeypatch: pytest.MonkeyPatch) -> None:
    """The saved shop pages are served on 127.0.0.1, as in development."""
    monkeypatch.setenv("PRODUCT_IMPORT_ALLOW_PRIVATE", "true")


@pytest.fixture(scope="module")
def shop() -> Iterator[str]:
    with shop_server() as base_url:
        yield base_url


@pytest.fixture
async def offline(services) -> AsyncIterator[Assistant]:  # type: ignore[no-untyped-def]
    assistant = Assistant(services, OfflineChatModel())
    yield assistant
    await assistant.aclose()


async def test_a_pasted_product_page_becomes_a_gift_on_my_list(offline, services, ana, shop):
    url = f"{shop}/p/shopify_ukulele.html"
    turn = await offline.chat(user_id=ana.id, message=f"Ajoute {url} à ma liste", locale="fr")
    assert turn.tool_calls == ["import_gift_from_url"]
    assert "Ukulélé soprano Kala KA-15S" in turn.response and "59,00" in turn.response
    async with services.database.session() as session:
        (gift_list,) = await lists.list_lists(session, user_id=ana.id)
        (gift,) = await gifts.list_gifts(session, user_id=ana.id, list_id=gift_list.id)
    assert (gift.title, gift.price, gift.currency, gift.url) == (
        "Ukulélé soprano Kala KA-15S", 5900, "EUR", url
    )
    assert gift.image_url and gift.image_url.endswith("ka15s.jpg?v=1699&width=1920")


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/p/blog_post.html", "no product"),
        ("/missing", "couldn't open that page"),
        ("/big", "too large"),
    ],
)
async def test_a_page_that_gives_no_gift_gets_a_polite_answer(offline, services, ana, shop,
                                                               path, words):
    turn = await offline.chat(user_id=ana.id, message=f"can you add this? {shop}{path}")
    assert turn.tool_calls == ["import_gift_from_url"]
    assert words in turn.response and "error" not in turn.response.lower()
    follow_up = await offline.chat(
        user_id=ana.id, message="a jazz gift for my sister under 100 euros",
        session_id=turn.session_id,
    )
    assert follow_up.tool_calls == ["search_gifts"]  # the chat stays usable
