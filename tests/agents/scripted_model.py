"""A scripted chat model: a real `BaseChatModel` that answers from a queue.

Like the fake model in LangGraph's own tests, it lets the real graph, tools
and database run without an LLM. Each queued entry is an `AIMessage`, a
function of the messages it receives (to use ids the tools just returned),
or an exception to raise (a provider failure). It streams text word by word
and tool calls as chunks, as a provider does.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field

Reply = AIMessage | Callable[[list[BaseMessage]], AIMessage] | Exception
_ids = itertools.count(1)


def says(text: str) -> AIMessage:
    return AIMessage(content=text)


def calls(name: str, text: str = "", /, **args: Any) -> AIMessage:
    """One tool call, with a fresh call id."""
    return AIMessage(
        content=text, tool_calls=[{"name": name, "args": args, "id": f"call_{next(_ids)}"}]
    )


class ScriptedChatModel(BaseChatModel):
    replies: list[Any] = Field(default_factory=list)
    received: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def enqueue(self, *replies: Reply) -> ScriptedChatModel:
        self.replies.extend(replies)
        return self

    def bind_tools(self, tools: Sequence[Any], **_: Any) -> ScriptedChatModel:  # type: ignore[override]
        self.bound_tools = [getattr(tool, "name", str(tool)) for tool in tools]
        return self

    def _next(self, messages: list[BaseMessage]) -> AIMessage:
        self.received.append(list(messages))
        if not self.replies:
            raise AssertionError("the scripted model has no reply left")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        message = reply(messages) if callable(reply) else reply
        return message.model_copy(update={"id": None})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self._next(messages))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        yield from _chunks(self._next(messages))

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        for chunk in _chunks(self._next(messages)):
            yield chunk


def _chunks(message: AIMessage) -> Iterator[ChatGenerationChunk]:
    words = message.text.split(" ") if message.text else []
    for index, word in enumerate(words):
        piece = word if index == 0 else " " + word
        yield ChatGenerationChunk(message=AIMessageChunk(content=piece))
    if message.tool_calls:
        chunks = [
            {"name": call["name"], "args": _json(call["args"]), "id": call["id"], "index": i}
            for i, call in enumerate(message.tool_calls)
        ]
        yield ChatGenerationChunk(message=AIMessageChunk(content="", tool_call_chunks=chunks))


def _json(args: dict[str, Any]) -> str:
    import json

    return json.dumps(args)
