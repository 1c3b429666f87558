"""`OfflineChatModel`: a deterministic tool-calling chat model for running without an API key.

It reads the same messages an LLM would (system context, human turns, tool
calls and results) and answers the same way: a tool call when the last
message is the person's, a reply once the tool results are in. The steps:
`conversation` (messages → turns), `policy` (understand and decide),
`replies` (grounded text). Nothing is random: a template variant is chosen
by a hash of the conversation.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.tool import tool_call as ToolCallDict  # noqa: N812
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool

from agents.offline.actions import details_of_named
from agents.offline.conversation import NOTE_KEY, Conversation, read_conversation
from agents.offline.decisions import Plan, Say, ToolCall
from agents.offline.intents import default_classifier
from agents.offline.policy import decide, understand
from agents.offline.replies import WIDENED, compose, default_replies, seed_of
from agents.offline.searching import widened
from agents.offline.text import detect_locale, other_language


class OfflineChatModel(BaseChatModel):
    """Understands French and English gift conversations; answers through the bound tools."""

    @property
    def _llm_type(self) -> str:
        return "songwish-offline"

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Like any provider: the tool schemas travel with each call as `tools`."""
        return self.bind(tools=[convert_to_openai_tool(tool) for tool in tools], **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        message = self.respond(messages, _tool_names(kwargs.get("tools")))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        """Text as word tokens; a tool call as one chunk, as providers stream them."""
        message = self.respond(messages, _tool_names(kwargs.get("tools")))
        if message.tool_calls:
            chunks = [
                tool_call_chunk(name=c["name"], args=json.dumps(c["args"]), id=c["id"], index=i)
                for i, c in enumerate(message.tool_calls)
            ]
            yield _chunk(AIMessageChunk(content="", tool_call_chunks=chunks), message, last=True)
            return
        tokens = [token for token in re.split(r"(\s+)", message.text) if token]
        for index, token in enumerate(tokens):
            last = index == len(tokens) - 1
            yield _chunk(AIMessageChunk(content=token), message, last=last)

    def respond(self, messages: list[BaseMessage], tools: frozenset[str] | None) -> AIMessage:
        """The whole decision for one model call, as the AIMessage a provider would return."""
        conversation = read_conversation(messages)
        locale = detect_locale(conversation.current.human, conversation.context.locale)
        if conversation.awaiting_reply:
            planned = _planned(conversation)
            follow_up = None if planned else _follow_up(conversation)
            if follow_up:
                return _calls_message(conversation, (follow_up[0],), [], follow_up[1])
            if planned:
                next_call = ToolCall.from_dict(planned[0])
                change = conversation.current.note.get("change")
                return _calls_message(conversation, (next_call,), planned[1:], change)
            text, note = compose(conversation, locale)
            return AIMessage(
                content=_with_language_note(conversation, text), additional_kwargs={NOTE_KEY: note}
            )
        request = understand(conversation, default_classifier())
        decision = decide(request, tools)
        if isinstance(decision, Plan):
            first, *rest = decision.calls
            rest_dicts = [call.as_dict() for call in rest]
            return _calls_message(conversation, (first,), rest_dicts, decision.change)
        return _say(conversation, request.locale, decision)


def _follow_up(conversation: Conversation) -> tuple[ToolCall, str | None] | None:
    """A call that depends on this turn's results: a wider search, or the named item's details."""
    widen = widened(conversation)
    if widen:
        return widen, WIDENED
    named = details_of_named(conversation)
    return (named, conversation.current.note.get("change")) if named else None


def _with_language_note(conversation: Conversation, text: str) -> str:
    """A reply to a German or Spanish message starts by saying which languages are spoken."""
    if not other_language(conversation.current.human):
        return text
    note = default_replies().say("other_language", "en", seed_of(conversation))
    return f"{note}\n\n{text}"


def _say(conversation: Conversation, locale: str, decision: Say) -> AIMessage:
    key, asked = decision.key, decision.asked
    if key == "ask_which_item" and not conversation.recommendations():
        key, asked = "no_items_yet", None
    text = default_replies().say(key, locale, seed_of(conversation), **decision.params)
    text = _with_language_note(conversation, text)
    note = {"asked": asked, "action": decision.action} if asked else {}
    return AIMessage(content=text, additional_kwargs={NOTE_KEY: note})


def _calls_message(
    conversation: Conversation,
    calls: Sequence[ToolCall],
    rest: list[dict[str, Any]],
    change: str | None = None,
) -> AIMessage:
    tool_calls = [
        ToolCallDict(name=call.name, args=call.args, id=_call_id(conversation, call))
        for call in calls
    ]
    note: dict[str, Any] = {"plan": rest} if rest else {}
    if change:
        note["change"] = change
    return AIMessage(content="", tool_calls=tool_calls, additional_kwargs={NOTE_KEY: note})


def _planned(conversation: Conversation) -> list[dict[str, Any]]:
    """Calls of this turn's plan still to make; none once a step failed (the reply explains)."""
    if any(exchange.failed for exchange in conversation.current.exchanges):
        return []
    plan = conversation.current.note.get("plan") or []
    return [step for step in plan if isinstance(step, dict)]


def _call_id(conversation: Conversation, call: ToolCall) -> str:
    """Stable for a replay, unique within a thread (the message count grows)."""
    basis = f"{conversation.message_count}|{call.name}|{json.dumps(call.args, sort_keys=True)}"
    return "call_" + hashlib.sha256(basis.encode()).hexdigest()[:24]


def _tool_names(tools: Any) -> frozenset[str] | None:
    """Names of the bound tools (OpenAI format); None when the model was not bound."""
    if not tools:
        return None
    return frozenset(tool["function"]["name"] for tool in tools if "function" in tool)


def _chunk(chunk: AIMessageChunk, message: AIMessage, *, last: bool) -> ChatGenerationChunk:
    if last:
        chunk.additional_kwargs = dict(message.additional_kwargs)
        chunk.chunk_position = "last"
    return ChatGenerationChunk(message=chunk)
