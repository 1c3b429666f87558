"""What one assistant turn produces, for the REST API (`ChatTurn`) and the chat UI (events).

`Assistant.stream` yields, in order: `Token`s of the answer as they arrive,
`ToolStart`/`ToolEnd` around each tool call, `Recommendations` when a search
returns items, an `ApprovalRequest` when a purchase waits for the person, and
always one `Final` last, carrying the whole `ChatTurn`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass(frozen=True)
class ChatTurn:
    """One turn's outcome.

    Recommendation items: id, title, category, price (major units), currency,
    price_display, reason, fulfilment.
    """

    response: str
    recommendations: list[dict[str, Any]]
    session_id: str
    pending_approval: dict[str, Any] | None = None
    tool_calls: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Token:
    text: str
    kind: Literal["token"] = "token"


@dataclass(frozen=True)
class ToolStart:
    call_id: str
    name: str
    input: dict[str, Any]
    kind: Literal["tool_start"] = "tool_start"


@dataclass(frozen=True)
class ToolEnd:
    call_id: str
    name: str
    output: dict[str, Any]
    error: str | None = None
    kind: Literal["tool_end"] = "tool_end"


@dataclass(frozen=True)
class Recommendations:
    items: list[dict[str, Any]]
    kind: Literal["recommendations"] = "recommendations"


@dataclass(frozen=True)
class ApprovalRequest:
    """A purchase waits: kind, item_id, title, price_display, quantity."""

    session_id: str
    payload: dict[str, Any]
    kind: Literal["approval_request"] = "approval_request"


@dataclass(frozen=True)
class Final:
    turn: ChatTurn
    kind: Literal["final"] = "final"


Event = Token | ToolStart | ToolEnd | Recommendations | ApprovalRequest | Final
