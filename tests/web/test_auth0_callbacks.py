"""The callback URLs docs/deploy.md tells an admin to register in Auth0 are the ones used.

The chat's path is read from the installed Chainlit's own routes (where its
Auth0 login sends people back), not from our documentation.
"""

from __future__ import annotations

from pathlib import Path

from chainlit.server import oauth_callback
from chainlit.server import router as chainlit_router
from starlette.routing import Route

from web.auth import CALLBACK_PATH
from web.middleware import CHAT_PATH

DEPLOY_DOCS = Path(__file__).parents[2] / "docs" / "deploy.md"


def chainlit_auth0_callback() -> str:
    """`{CHAT_PATH}` + the path of Chainlit's OAuth callback route, for the auth0 provider."""
    [path] = [
        route.path
        for route in chainlit_router.routes
        if isinstance(route, Route) and route.endpoint is oauth_callback
    ]
    return CHAT_PATH + path.replace("{provider_id}", "auth0")


def test_chainlit_calls_back_where_we_say():
    assert chainlit_auth0_callback() == "/chat/auth/oauth/auth0/callback"


def test_deploy_docs_list_both_callback_urls():
    text = DEPLOY_DOCS.read_text(encoding="utf-8")
    for path in (CALLBACK_PATH, chainlit_auth0_callback()):
        assert f"{{PUBLIC_URL}}{path}" in text, f"docs/deploy.md must list {path}"
