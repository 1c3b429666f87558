"""LangGraph stream chunks (`messages` + `updates` modes) → the assistant's typed events."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from langchain_core.messages import AIMessage, ToolMessage

from agents import turns
from agents.events import ApprovalRequest, Event, Recommendations, Token, ToolEnd, ToolStart

# Nodes whose AI messages are the answer the person reads.
SPEAKING_NODES = frozenset({"call_model", "approve_purchase", "stop_turn"})


async def translate(chunks: AsyncIterator[Any], session_id: str) -> AsyncIterator[Event]:
    async for mode, data in chunks:
        if mode == "messages":
            token = _token(*data)
            if token is not None:
                yield token
        elif mode == "updates":
            for event in _from_updates(data, session_id):
                yield event


def _token(message: Any, metadata: dict[str, Any]) -> Token | None:
    if metadata.get("langgraph_node") not in SPEAKING_NODES:
        return None
    if not isinstance(message, AIMessage):  # AIMessageChunk is a subclass
        return None
    text = message.text
    return Token(text) if text else None


def _from_updates(data: dict[str, Any], session_id: str) -> list[Event]:
    events: list[Event] = []
    for node, update in data.items():
        if node == "__interrupt__":
            events.extend(ApprovalRequest(session_id, dict(i.value)) for i in update)
            continue
        for message in (update or {}).get("messages", []) if isinstance(update, dict) else []:
            if isinstance(message, AIMessage):
                events.extend(
                    ToolStart(call["id"] or "", call["name"], dict(call["args"]))
                    for call in message.tool_calls
                )
            elif isinstance(message, ToolMessage):
                events.extend(_tool_end(message))
    return events


def _tool_end(message: ToolMessage) -> list[Event]:
    output = turns.payload(message)
    if "awaiting_approval" in output:
        return []  # the approval request follows; the final result comes after the answer
    error = output.get("error") if isinstance(output.get("error"), str) else None
    events: list[Event] = [ToolEnd(message.tool_call_id, message.name or "", output, error)]
    if message.name in turns.RECOMMENDING_TOOLS and turns.shown_items(output):
        events.append(Recommendations(turns.shown_items(output)))
    return events
