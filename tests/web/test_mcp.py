"""The MCP server, driven by the official SDK's own client over real HTTP.

Same tokens as the REST API, every tool scoped to the token's user, and the
same answers for someone else's ids as for unknown ones.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
import respx
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.types import CallToolResult

from tests.web.auth0_fakes import ENV, JWKS_URL, SigningKey, claims, jwks
from tests.web.conftest import VIOLIN, LiveApi, on_both_databases, register, running_app

TOOLS = {"search_gifts", "get_catalogue_item", "list_gift_lists", "create_gift_list",
         "show_gift_list", "add_gift", "remove_gift", "share_gift_list"}


@asynccontextmanager
async def mcp_session(live: LiveApi, headers: dict[str, str]) -> AsyncIterator[ClientSession]:
    async with (
        httpx.AsyncClient(headers=headers, timeout=60) as http,
        sdk_session(f"{live.url}/mcp/", http) as session,
    ):
        yield session


@asynccontextmanager
async def sdk_session(url: str, http: httpx.AsyncClient) -> AsyncIterator[ClientSession]:
    async with (
        streamable_http_client(url, http_client=http) as (read, write, _),
        ClientSession(read, write) as session,
    ):
        await session.initialize()
        yield session


def data(result: CallToolResult) -> Any:
    """A tool's structured answer (lists come wrapped as {"result": [...]})."""
    assert not result.isError, result.content
    content = result.structuredContent
    assert content is not None
    return content.get("result", content)


def error_text(result: CallToolResult) -> str:
    assert result.isError
    return " ".join(getattr(part, "text", "") for part in result.content)


@pytest.fixture
async def accounts(live_api: LiveApi) -> dict[str, dict[str, str]]:
    async with live_api.client() as client:
        return {name: await register(client, f"{name}@example.com") for name in ("ana", "bob")}


@on_both_databases
async def test_a_gift_list_built_over_mcp_is_the_users_own(live_api, accounts):
    async with mcp_session(live_api, accounts["ana"]) as ana:
        assert {tool.name for tool in (await ana.list_tools()).tools} == TOOLS
        ideas = data(await ana.call_tool("search_gifts", {"query": "violin", "max_price": 500}))
        assert ideas and all(idea["price"] is None or idea["price"] <= 50_000 for idea in ideas)
        assert VIOLIN in {idea["id"] for idea in ideas}
        made = data(await ana.call_tool("create_gift_list", {"title": "Léa's birthday"}))
        added = data(await ana.call_tool("add_gift", {"list_id": made["id"], "item_id": VIOLIN}))
        shown = data(await ana.call_tool("show_gift_list", {"list_id": made["id"]}))
        assert [gift["id"] for gift in shown["gifts"]] == [added["gift_id"]]
        assert shown["gifts"][0]["status"] == "available"
        shared = data(await ana.call_tool("share_gift_list", {"list_id": made["id"]}))
        assert shared["share_url"].startswith(f"{live_api.url}/shared/")
    async with live_api.client() as client:  # the REST API sees the same list
        rest = (await client.get(f"/api/gifts?list_id={made['id']}", headers=accounts["ana"]))
        assert [gift["id"] for gift in rest.json()] == [added["gift_id"]]


async def test_another_users_list_is_unknown_and_untouched(live_api, accounts):
    async with mcp_session(live_api, accounts["ana"]) as ana:
        anas = data(await ana.call_tool("create_gift_list", {"title": "Ana's"}))
        gift = data(await ana.call_tool("add_gift", {"list_id": anas["id"], "title": "Capo"}))
    async with mcp_session(live_api, accounts["bob"]) as bob:
        assert data(await bob.call_tool("list_gift_lists", {})) == []
        for tool, arguments in [
            ("show_gift_list", {"list_id": anas["id"]}),
            ("add_gift", {"list_id": anas["id"], "title": "Bob was here"}),
            ("share_gift_list", {"list_id": anas["id"]}),
            ("remove_gift", {"gift_id": gift["gift_id"]}),
            ("show_gift_list", {"list_id": "no-such-list"}),
        ]:
            assert "not found" in error_text(await bob.call_tool(tool, arguments)).lower()
    async with mcp_session(live_api, accounts["ana"]) as ana:
        shown = data(await ana.call_tool("show_gift_list", {"list_id": anas["id"]}))
        assert [line["title"] for line in shown["gifts"]] == ["Capo"]
        assert shown["share_url"] is None


async def test_bad_arguments_are_tool_errors_not_crashes(live_api, accounts):
    async with mcp_session(live_api, accounts["ana"]) as ana:
        for tool, arguments in [
            ("search_gifts", {"query": ""}),
            ("search_gifts", {"query": "x" * 501}),
            ("search_gifts", {"query": "piano", "max_price": "cheap"}),
            ("search_gifts", {"query": "piano", "currency": "XYZ"}),
            ("add_gift", {"list_id": "x"}),
            ("add_gift", {"list_id": "x", "item_id": "no-such-item"}),
            ("create_gift_list", {"title": "t" * 1000}),
        ]:
            assert error_text(await ana.call_tool(tool, arguments))
        assert data(await ana.call_tool("list_gift_lists", {})) == []


@pytest.mark.parametrize("token", [None, "not-a-jwt", "eyJhbGciOiJub25lIn0.e30."])
async def test_no_tool_without_a_valid_token(live_api, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    request = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    async with live_api.client() as client:
        response = await client.post("/mcp/", json=request, headers={
            **headers, "Accept": "application/json, text/event-stream"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")


async def test_a_logged_out_token_stops_working(live_api, accounts):
    async with live_api.client() as client:
        assert (await client.post("/api/auth/logout", headers=accounts["ana"])).status_code == 204
        response = await client.post("/mcp/", headers={
            **accounts["ana"], "Accept": "application/json, text/event-stream"},
            json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"})
    assert response.status_code == 401


@pytest.fixture
def three_requests_a_minute(web_env: pytest.MonkeyPatch) -> None:
    web_env.setenv("RATE_LIMIT_DEFAULT", "3/minute")


async def test_tools_spend_the_users_api_budget(three_requests_a_minute, live_api):
    async with live_api.client() as client:
        ana = await register(client, "ana@example.com")
    async with mcp_session(live_api, ana) as session:
        answers = [await session.call_tool("list_gift_lists", {}) for _ in range(4)]
    assert [answer.isError for answer in answers] == [False, False, False, True]
    assert "too many requests" in error_text(answers[-1]).lower()


async def test_an_auth0_access_token_works_as_on_the_rest_api(web_env, database_url):
    key = SigningKey.generate("key-1")
    for name, value in ENV.items():
        web_env.setenv(name, value)
    with respx.mock(assert_all_called=False) as tenant:
        tenant.get(JWKS_URL).respond(json=jwks(key))
        async with running_app() as app:
            transport = httpx.ASGITransport(app=app)
            for token, works in [(key.sign(claims(email="ana@example.com")), True),
                                 (SigningKey.generate("key-1").sign(claims()), False)]:
                headers = {"Authorization": f"Bearer {token}"}
                async with httpx.AsyncClient(transport=transport, headers=headers,
                                             base_url="http://127.0.0.1:8000") as http:
                    if works:
                        async with sdk_session("http://127.0.0.1:8000/mcp/", http) as session:
                            made = data(await session.call_tool("create_gift_list",
                                                                {"title": "Noël"}))
                            assert made["title"] == "Noël"
                    else:
                        response = await http.post("/mcp/", json={
                            "jsonrpc": "2.0", "id": 1, "method": "tools/list"})
                        assert response.status_code == 401
