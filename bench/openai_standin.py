"""An OpenAI-compatible chat server that takes the time a real model takes.

`python bench/openai_standin.py --port P [--first-token-ms 800] [--tokens-per-second 40]
[--answer-tokens 60]` serves `POST /v1/chat/completions`, streamed (SSE) or
not. A turn that ends with the person's message is answered with one tool call
(`search_gifts` with their words, the tool our graph calls first for a gift
question); a turn that ends with a tool result is answered with text. Each
answer waits `first-token-ms` before its first chunk, then sends one token
every 1/`tokens-per-second` s, so the benchmark knows exactly which part of a
turn's latency is the model's and which is SongWish's.

It is the benchmark's own small process (loopback only), not a model: the
words it streams are filler. `GET /stats` reports requests and errors seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

WORDS = ("Here ", "are ", "a ", "few ", "ideas ", "that ", "fit ", "well, ", "each ", "from ",
         "the ", "catalogue ", "and ", "within ", "your ", "budget. ")
SEARCH_TOOL = "search_gifts"


@dataclass(frozen=True)
class Pace:
    first_token_s: float
    token_interval_s: float
    answer_tokens: int

    def model_seconds(self) -> tuple[float, float]:
        """A gift turn's own model time: (to the answer's first token, to its last).

        Two calls: the tool call (one chunk after the first-token delay), then
        the answer (first token after the delay, then one per interval).
        """
        first = 2 * self.first_token_s
        return first, first + (self.answer_tokens - 1) * self.token_interval_s


def _last_role(messages: list[dict[str, Any]]) -> str:
    return str(messages[-1].get("role", "user")) if messages else "user"


def _user_text(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            return content if isinstance(content, str) else json.dumps(content)
    return "a music gift"


def _chunk(model: str, delta: dict[str, Any], finish: str | None = None) -> str:
    body = {
        "id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": int(time.time()),
        "model": model, "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    return f"data: {json.dumps(body)}\n\n"


def _usage(model: str, completion_tokens: int) -> str:
    body = {"id": "chatcmpl-standin", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": model, "choices": [],
            "usage": {"prompt_tokens": 100, "completion_tokens": completion_tokens,
                      "total_tokens": 100 + completion_tokens}}
    return f"data: {json.dumps(body)}\n\n"


class StandIn:
    def __init__(self, pace: Pace) -> None:
        self.pace = pace
        self.requests = 0
        self.errors = 0
        self.log: list[tuple[float, str]] = []

    async def completions(self, request: Request) -> StreamingResponse | JSONResponse:
        self.requests += 1
        self.log.append((time.monotonic(), request.headers.get("content-length", "")))
        try:
            body = await request.json()
            messages = body["messages"]
        except (ValueError, KeyError):
            self.errors += 1
            return JSONResponse({"error": {"message": "bad request"}}, status_code=400)
        model = str(body.get("model", "standin"))
        wants_tool = _last_role(messages) == "user" and bool(body.get("tools"))
        if body.get("stream"):
            stream = self._tool_call(model, messages) if wants_tool else self._answer(model)
            return StreamingResponse(stream, media_type="text/event-stream")
        # Not streamed, the whole answer arrives when its last token would have.
        tokens = 1 if wants_tool else self.pace.answer_tokens
        await asyncio.sleep(self.pace.first_token_s + (tokens - 1) * self.pace.token_interval_s)
        return JSONResponse(self._whole(model, messages, wants_tool))

    async def _tool_call(self, model: str, messages: list[dict[str, Any]]) -> AsyncIterator[str]:
        await asyncio.sleep(self.pace.first_token_s)
        call = {"index": 0, "id": f"call_{uuid.uuid4().hex[:12]}", "type": "function",
                "function": {"name": SEARCH_TOOL,
                             "arguments": json.dumps({"query": _user_text(messages)[:200]})}}
        yield _chunk(model, {"role": "assistant", "content": None, "tool_calls": [call]})
        yield _chunk(model, {}, "tool_calls")
        yield _usage(model, 20)
        yield "data: [DONE]\n\n"

    async def _answer(self, model: str) -> AsyncIterator[str]:
        await asyncio.sleep(self.pace.first_token_s)
        start = time.monotonic()
        for number in range(self.pace.answer_tokens):
            # Paced against the clock, so a slow consumer does not stretch the model's time.
            await asyncio.sleep(max(0.0, start + number * self.pace.token_interval_s
                                    - time.monotonic()))
            delta = {"role": "assistant", "content": WORDS[number % len(WORDS)]} if number == 0 \
                else {"content": WORDS[number % len(WORDS)]}
            yield _chunk(model, delta)
        yield _chunk(model, {}, "stop")
        yield _usage(model, self.pace.answer_tokens)
        yield "data: [DONE]\n\n"

    def _whole(self, model: str, messages: list[dict[str, Any]], wants_tool: bool) -> dict:
        if wants_tool:
            message: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [{
                "id": f"call_{uuid.uuid4().hex[:12]}", "type": "function",
                "function": {"name": SEARCH_TOOL,
                             "arguments": json.dumps({"query": _user_text(messages)[:200]})}}]}
            finish = "tool_calls"
        else:
            words = [WORDS[n % len(WORDS)] for n in range(self.pace.answer_tokens)]
            message, finish = {"role": "assistant", "content": "".join(words)}, "stop"
        return {"id": "chatcmpl-standin", "object": "chat.completion", "created": int(time.time()),
                "model": model, "choices": [{"index": 0, "message": message,
                                             "finish_reason": finish}],
                "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}

    async def stats(self, _request: Request) -> JSONResponse:
        return JSONResponse({"requests": self.requests, "errors": self.errors})


def create_app(pace: Pace) -> Starlette:
    standin = StandIn(pace)
    return Starlette(routes=[
        Route("/v1/chat/completions", standin.completions, methods=["POST"]),
        Route("/stats", standin.stats),
    ])


def pace_from(options: argparse.Namespace) -> Pace:
    return Pace(options.first_token_ms / 1000, 1 / options.tokens_per_second,
                options.answer_tokens)


def add_pace_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--first-token-ms", type=float, default=800.0)
    parser.add_argument("--tokens-per-second", type=float, default=40.0)
    parser.add_argument("--answer-tokens", type=int, default=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    add_pace_options(parser)
    options = parser.parse_args()
    uvicorn.run(create_app(pace_from(options)), host="127.0.0.1", port=options.port,
                log_level="warning", backlog=4096)


if __name__ == "__main__":
    main()
