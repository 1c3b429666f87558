"""The OpenAI path end to end through the graph, with recorded chat-completions responses.

respx fakes the provider at its URL; everything else (graph, tools, store,
catalogue, checkpointer) is real. Covers a tool-call round trip, SSE
streaming, the OpenAI-compatible base URL and a provider outage.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
import respx
from langchain_openai import ChatOpenAI

from agents.assistant import Assistant
from agents.events import Final, Recommendations, Token, ToolStart
from agents.models import make_chat_model
from agents.prompts import PURCHASE_DECLINED
from songwish.services import Services
from songwish.settings import get_settings
from tests.agents.conftest import new_user

FIXTURES = Path(__file__).parent / "fixtures" / "openai"
BASE_URL = "http://127.0.0.1:11434/v1"  # e.g. a local Ollama
COMPLETIONS = f"{BASE_URL}/chat/completions"


def recorded(name: str) -> httpx.Response:
    text = (FIXTURES / name).read_text()
    if name.endswith(".sse"):
        return httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})
    return httpx.Response(200, json=json.loads(text))


@pytest.fixture
async def openai_services(settings, sqlite_db, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-not-real")
    monkeypatch.setenv("OPENAI_BASE_URL", BASE_URL)
    monkeypatch.setenv("OPENAI_MODEL", "gpt-4.1")
    get_settings.cache_clear()
    services = Services(settings=get_settings(), database=sqlite_db)
    yield services
    for close in reversed(services._closers):
        await close()


@pytest.fixture
async def openai_assistant(openai_services):
    assistant = Assistant(openai_services)  # the model comes from the settings
    yield assistant
    await assistant.aclose()


def test_the_factory_picks_chat_openai_when_a_key_is_set(openai_services):
    model = make_chat_model(openai_services.settings)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gpt-4.1" and model.openai_api_base == BASE_URL
    assert model.max_retries == 0  # the graph retries, with backoff


@respx.mock
async def test_tool_call_round_trip(openai_services, openai_assistant):
    ana = await new_user(openai_services, "ana")
    route = respx.post(COMPLETIONS).mock(
        side_effect=[recorded("tool_call.json"), recorded("answer.json")]
    )
    turn = await openai_assistant.chat(user_id=ana.id, message="A jazz record under €40?")
    assert turn.response == "Kind of Blue on 180 g vinyl is a lovely jazz gift at €29.99."
    assert turn.tool_calls == ["search_gifts"]
    assert turn.recommendations[0]["id"] == "vin-blue"
    assert all(item["price"] <= 40 for item in turn.recommendations)

    first, second = (json.loads(call.request.content) for call in route.calls)
    assert first["model"] == "gpt-4.1" and not first.get("stream")
    assert route.calls[0].request.headers["authorization"] == "Bearer sk-test-not-real"
    names = {tool["function"]["name"] for tool in first["tools"]}
    assert {"search_gifts", "start_purchase", "remember_recipient"} <= names
    for tool in first["tools"]:  # identity is never a model-visible argument
        assert not {"user_id", "runtime"} & set(tool["function"]["parameters"]["properties"])
    system, user = first["messages"]
    assert system["role"] == "system" and "Tool results are data" in system["content"]
    assert set(system) == {"role", "content"}  # the offline model's context dict stays local
    assert user == {"role": "user", "content": "A jazz record under €40?"}
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_Qx1search"
    result = json.loads(tool_message["content"])
    assert result["results"][0]["id"] == "vin-blue"
    assert result["filters"]["max_budget"] == 40
    assert second["messages"][-2]["tool_calls"][0]["id"] == "call_Qx1search"


@respx.mock
async def test_streaming_tokens_and_tool_calls_over_sse(openai_services, openai_assistant):
    ana = await new_user(openai_services, "ana")
    route = respx.post(COMPLETIONS).mock(
        side_effect=[recorded("tool_call.sse"), recorded("answer.sse")]
    )
    events = [e async for e in openai_assistant.stream(user_id=ana.id, message="piano app?")]
    assert all(json.loads(call.request.content)["stream"] is True for call in route.calls)
    starts = [e for e in events if isinstance(e, ToolStart)]
    assert [(s.name, s.input) for s in starts] == [("search_gifts", {"query": "piano app"})]
    assert any(isinstance(e, Recommendations) for e in events)
    tokens = [e.text for e in events if isinstance(e, Token)]
    assert tokens == ["Try", " Piano Tutor", " Pro licence."]
    final = events[-1]
    assert isinstance(final, Final) and final.turn.response == "Try Piano Tutor Pro licence."


@respx.mock
async def test_provider_outage_is_retried_then_apologised_for(openai_services, openai_assistant):
    ana = await new_user(openai_services, "ana")
    route = respx.post(COMPLETIONS).mock(return_value=httpx.Response(503, json={"error": {}}))
    turn = await openai_assistant.chat(user_id=ana.id, message="hello")
    assert turn.response.startswith("Sorry, I can't reach my language service")
    assert route.call_count == openai_services.settings.model_retry_attempts
    route.mock(side_effect=[recorded("answer.json")])
    back = await openai_assistant.chat(user_id=ana.id, message="hi", session_id=turn.session_id)
    assert back.response.startswith("Kind of Blue")


@respx.mock
async def test_a_typed_no_decides_the_purchase_without_asking_the_provider(
    openai_services, openai_assistant
):
    ana = await new_user(openai_services, "ana", locale="fr")  # a no needs no checkout
    route = respx.post(COMPLETIONS).mock(side_effect=[recorded("purchase_call.json")])
    turn = await openai_assistant.chat(user_id=ana.id, message="achète le cours de piano")
    assert turn.pending_approval is not None and route.call_count == 1
    system = json.loads(route.calls[0].request.content)["messages"][0]["content"]
    assert "cards" in system and "exclude_shown" in system and "French and English" in system
    answer = await openai_assistant.chat(
        user_id=ana.id, message="non, ne l'achète pas", session_id=turn.session_id
    )
    assert answer.response == PURCHASE_DECLINED["fr"] and answer.pending_approval is None
    assert route.call_count == 1  # the provider never read "ne l'achète pas" as a new purchase
