"""The benchmark's OpenAI stand-in speaks the protocol our real client speaks, at its set pace.

If it did not, the streaming benchmark would measure a path production never takes.
"""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_openai import ChatOpenAI

from tools import ALL_TOOLS

BENCH = Path(__file__).resolve().parents[2] / "bench"
FIRST_TOKEN_S, TOKENS_PER_S, ANSWER_TOKENS = 0.3, 50.0, 20


def _standin_module():
    spec = importlib.util.spec_from_file_location("openai_standin", BENCH / "openai_standin.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["openai_standin"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def standin_url() -> Iterator[str]:
    module = _standin_module()
    app = module.create_app(module.Pace(FIRST_TOKEN_S, 1 / TOKENS_PER_S, ANSWER_TOKENS))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    server.should_exit = True
    thread.join(10)


def model(url: str) -> ChatOpenAI:
    """A client of this test's own (the library's shared one outlives each test's loop)."""
    return ChatOpenAI(model="standin", api_key="sk-test", base_url=url, max_retries=0,  # type: ignore[arg-type]
                      stream_usage=True, http_async_client=httpx.AsyncClient(timeout=30))


async def test_a_question_gets_a_search_tool_call_after_the_first_token_delay(standin_url):
    started = time.perf_counter()
    answer = await model(standin_url).bind_tools(ALL_TOOLS).ainvoke(
        [HumanMessage("a ukulele for my niece")]
    )
    assert time.perf_counter() - started >= FIRST_TOKEN_S
    assert isinstance(answer, AIMessage)
    assert [(call["name"], call["args"]) for call in answer.tool_calls] == [
        ("search_gifts", {"query": "a ukulele for my niece"})
    ]


async def test_a_tool_result_gets_an_answer_streamed_at_the_set_pace(standin_url):
    history = [
        HumanMessage("a ukulele for my niece"),
        AIMessage("", tool_calls=[{"name": "search_gifts", "args": {"query": "ukulele"},
                                   "id": "call_1"}]),
        ToolMessage('{"results": []}', tool_call_id="call_1"),
    ]
    started = time.perf_counter()
    arrivals = []
    async for chunk in model(standin_url).bind_tools(ALL_TOOLS).astream(history):
        if chunk.content:
            arrivals.append(time.perf_counter() - started)
    assert len(arrivals) == ANSWER_TOKENS
    assert arrivals[0] >= FIRST_TOKEN_S
    # Paced against the stand-in's clock: the last token is due at a fixed time.
    generation_s = FIRST_TOKEN_S + (ANSWER_TOKENS - 1) / TOKENS_PER_S
    assert generation_s <= arrivals[-1] < generation_s + 2.0


async def test_unstreamed_answers_take_the_whole_generation_time(standin_url):
    call = {"name": "search_gifts", "args": {"query": "x"}, "id": "c"}
    history = [HumanMessage("hi"), AIMessage("", tool_calls=[call]),
               ToolMessage("{}", tool_call_id="c")]
    started = time.perf_counter()
    answer = await model(standin_url).ainvoke(history)
    assert time.perf_counter() - started >= FIRST_TOKEN_S + (ANSWER_TOKENS - 1) / TOKENS_PER_S
    assert isinstance(answer.content, str) and answer.content.startswith("Here are")
