"""Fixtures of the chat UI tests: a Chainlit context, our data layer over a real database."""

from __future__ import annotations

import pytest
from chainlit.context import init_http_context

from web.chat.data_layer import StoreDataLayer


@pytest.fixture
async def chainlit_context():
    """An HTTP-style Chainlit context: data-layer writes run at once, not queued."""
    return init_http_context()


@pytest.fixture
def layer(db, chainlit_context) -> StoreDataLayer:
    return StoreDataLayer(db)


# The pages run in the real app: the REST tests' fixtures (migrated database, small
# catalogue index, `create_app()` with its lifespan) serve them too.
from tests.web.conftest import (  # noqa: E402, F401
    api,
    backend,
    catalog_index,
    client,
    database_url,
    web_env,
)
