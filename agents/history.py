"""Messages of a thread as people see them: the history rows and one turn's outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from langchain_core.messages import AIMessage, AnyMessage, HumanMessage, ToolMessage

from agents import prompts, turns
from agents.events import ChatTurn

TIME_KEY = "songwish_time"


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def stamp(message: AIMessage) -> AIMessage:
    """Record when an answer was given (kept out of what is sent to the provider)."""
    message.additional_kwargs.setdefault(TIME_KEY, now_iso())
    return message


def conversation(messages: Sequence[AnyMessage]) -> list[dict[str, Any]]:
    """User and assistant messages in order; each answer carries its turn's recommendations."""
    rows: list[dict[str, Any]] = []
    shown: list[dict[str, Any]] = []
    for message in messages:
        if isinstance(message, HumanMessage):
            shown = []
            rows.append(_row("user", message, []))
        elif isinstance(message, ToolMessage) and message.name in turns.RECOMMENDING_TOOLS:
            shown = turns.shown_items(turns.payload(message))
        elif isinstance(message, AIMessage) and not message.tool_calls and message.text:
            rows.append(_row("assistant", message, shown))
            shown = []
    return rows


def turn_outcome(
    messages: Sequence[AnyMessage], session_id: str, pending: dict[str, Any] | None, locale: str
) -> ChatTurn:
    turn = turns.current_turn(messages)
    if pending:
        template = prompts.CONFIRM_PURCHASE.get(locale, prompts.CONFIRM_PURCHASE["en"])
        response = template.format(**pending)
    else:
        response = turns.final_text(turn)
    return ChatTurn(
        response=response,
        recommendations=turns.recommendations(turn),
        session_id=session_id,
        pending_approval=pending,
        tool_calls=turns.tool_names(turn),
    )


def _row(role: str, message: AnyMessage, shown: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "role": role,
        "content": message.text,
        "time": message.additional_kwargs.get(TIME_KEY),
        "recommendations": shown,
    }
