"""Reading one turn out of the message history: what happened since the person last spoke.

Per-turn limits and per-turn results are derived from the messages themselves,
so no counter can drift out of step with what really ran.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage

RECOMMENDING_TOOLS = frozenset({"search_gifts", "more_like_this"})


def shown_items(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The ideas a search result shows: its results, else the closest alternatives it offers."""
    items = data.get("results") or data.get("alternatives") or []
    return [item for item in items if isinstance(item, dict)]


def current_turn(messages: Sequence[AnyMessage]) -> list[AnyMessage]:
    """The messages after the last human message."""
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            return list(messages[index + 1 :])
    return list(messages)


def model_calls(turn: Sequence[AnyMessage]) -> int:
    return sum(isinstance(message, AIMessage) for message in turn)


def tool_calls(turn: Sequence[AnyMessage]) -> int:
    return sum(isinstance(message, ToolMessage) for message in turn)


def pending_tool_calls(messages: Sequence[AnyMessage]) -> list[dict[str, Any]]:
    """Tool calls of the last AI message that have no result yet."""
    last_ai = next((m for m in reversed(messages) if isinstance(m, AIMessage)), None)
    if last_ai is None:
        return []
    answered = {m.tool_call_id for m in messages if isinstance(m, ToolMessage)}
    return [dict(call) for call in last_ai.tool_calls if call["id"] not in answered]


def payload(message: ToolMessage) -> dict[str, Any]:
    """A tool result as data: the artifact, else the JSON content, else {}."""
    if isinstance(message.artifact, dict):
        return message.artifact
    try:
        parsed = json.loads(message.content) if isinstance(message.content, str) else None
    except ValueError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def recommendations(turn: Sequence[AnyMessage]) -> list[dict[str, Any]]:
    """The items the latest search of this turn returned (what the answer may show)."""
    found: list[dict[str, Any]] = []
    for message in turn:
        if isinstance(message, ToolMessage) and message.name in RECOMMENDING_TOOLS:
            found = shown_items(payload(message))
    return found


def final_text(turn: Sequence[AnyMessage]) -> str:
    """The last thing the assistant said this turn."""
    for message in reversed(turn):
        if isinstance(message, AIMessage) and not message.tool_calls and message.text:
            return message.text
    return ""


def tool_names(turn: Sequence[AnyMessage]) -> list[str]:
    return [message.name or "" for message in turn if isinstance(message, ToolMessage)]
