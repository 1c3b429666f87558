from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.products.shop_server import shop_server


@pytest.fixture(scope="module")
def shop() -> Iterator[str]:
    with shop_server() as base_url:
        yield base_url
