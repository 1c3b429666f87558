"""Purchase proposals in the message history: found while unanswered, then given a final result.

`start_purchase` leaves a result marked "awaiting approval"; the approval node
(or a new message, which declines it) replaces that same message, by id, with
the final result, so the model only ever reads the outcome.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import ToolMessage

from agents import turns
from agents.state import State
from tools.common import dumps
from tools.orders import AWAITING


def unanswered_proposals(state: State, *, this_turn: bool = False) -> list[ToolMessage]:
    messages = turns.current_turn(state["messages"]) if this_turn else state["messages"]
    return [
        message
        for message in messages
        if isinstance(message, ToolMessage) and AWAITING in turns.payload(message)
    ]


def final_result(message: ToolMessage, data: dict[str, Any]) -> ToolMessage:
    """The same tool result (same message id), now with its final content."""
    return ToolMessage(
        id=message.id,
        content=dumps(data),
        artifact=data,
        name=message.name,
        tool_call_id=message.tool_call_id,
        status="error" if "error" in data else "success",
    )
