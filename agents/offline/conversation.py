"""A read-only view of the messages a chat model receives, shaped for decisions.

The graph sends one SystemMessage whose `additional_kwargs["songwish_context"]`
carries the gathered slots, then the thread: human turns, tool calls, tool
results (compact JSON) and earlier answers. `read_conversation` groups them
into turns so the policy can ask "what did we search last?" or "did I just ask
for a budget?" without walking messages itself. Tool results are data only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from agents.turns import shown_items

# Where the offline model leaves notes for its later self inside its own AIMessages.
NOTE_KEY = "songwish_offline"
CONTEXT_KEY = "songwish_context"
SEARCH_TOOLS = ("search_gifts", "more_like_this")


@dataclass(frozen=True)
class Context:
    """The graph's `songwish_context`, with safe defaults for anything absent."""

    locale: str = "en"
    currency: str = "EUR"
    budget: dict[str, Any] | None = None
    recipient: str | None = None
    preferences: dict[str, Any] = field(default_factory=dict)
    last_recommendations: list[dict[str, Any]] = field(default_factory=list)
    active_list: dict[str, Any] | None = None
    recipients: list[dict[str, Any]] = field(default_factory=list)
    usual_budget: float | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Context:
        data = data or {}
        fields = cls.__dataclass_fields__
        known = {name: data[name] for name in fields if data.get(name) is not None}
        return cls(**known)


@dataclass
class Exchange:
    """One tool call of the assistant and, once it ran, its parsed result."""

    call_id: str
    name: str
    args: dict[str, Any]
    result: dict[str, Any] | None = None

    @property
    def failed(self) -> bool:
        return self.result is not None and "error" in self.result


@dataclass
class Turn:
    """A human message and everything the assistant did about it."""

    human: str
    exchanges: list[Exchange] = field(default_factory=list)
    reply: str | None = None
    note: dict[str, Any] = field(default_factory=dict)


@dataclass
class Conversation:
    context: Context
    turns: list[Turn]
    # True when the last messages are tool results the person has not seen yet.
    awaiting_reply: bool
    message_count: int

    @property
    def current(self) -> Turn:
        return self.turns[-1] if self.turns else Turn(human="")

    @property
    def previous(self) -> Turn | None:
        return self.turns[-2] if len(self.turns) > 1 else None

    def exchanges(self) -> list[Exchange]:
        """Every completed tool exchange, oldest first."""
        return [x for turn in self.turns for x in turn.exchanges if x.result is not None]

    def last_exchange(self, *names: str) -> Exchange | None:
        """The most recent successful exchange with one of `names`."""
        for exchange in reversed(self.exchanges()):
            if exchange.name in names and not exchange.failed:
                return exchange
        return None

    def newer(self, first: Exchange | None, second: Exchange | None) -> bool:
        """True when `first` happened after `second` (a missing exchange is oldest)."""
        order = {id(x): i for i, x in enumerate(self.exchanges())}
        return (order.get(id(first), -1) if first else -1) > (
            order.get(id(second), -1) if second else -1
        )

    def recommendations(self) -> list[dict[str, Any]]:
        """Items last shown: the graph's list, else the latest search results."""
        if self.context.last_recommendations:
            return self.context.last_recommendations
        search = self.last_exchange(*SEARCH_TOOLS)
        return shown_items(search.result) if search and search.result else []

    def list_titles(self) -> list[str]:
        """Gift-list titles the person has seen, to spot unquoted list names."""
        titles = [self.context.active_list["title"]] if self.context.active_list else []
        for exchange in self.exchanges():
            result = exchange.result or {}
            titles += [entry.get("title", "") for entry in result.get("lists", [])]
            for key in ("created", "renamed", "list"):
                if isinstance(result.get(key), dict):
                    titles.append(result[key].get("title", ""))
        return [title for title in dict.fromkeys(titles) if title]


def read_conversation(messages: list[BaseMessage]) -> Conversation:
    """Group `messages` into turns; tolerant of a missing system message."""
    context = Context()
    turns: list[Turn] = []
    calls: dict[str, Exchange] = {}
    for message in messages:
        if isinstance(message, SystemMessage):
            context = Context.from_dict(message.additional_kwargs.get(CONTEXT_KEY))
        elif isinstance(message, HumanMessage):
            turns.append(Turn(human=message.text))
        elif isinstance(message, AIMessage):
            turn = turns[-1] if turns else _start(turns)
            _read_ai(message, turn, calls)
        elif isinstance(message, ToolMessage) and message.tool_call_id in calls:
            calls[message.tool_call_id].result = parse_result(message.text)
    awaiting = bool(messages) and isinstance(messages[-1], ToolMessage)
    return Conversation(context, turns, awaiting, len(messages))


def parse_result(content: str) -> dict[str, Any]:
    """A tool's JSON as a dict; anything else is kept as an error text, never executed."""
    try:
        value = json.loads(content)
    except (TypeError, ValueError):
        return {"error": str(content)[:300]}
    return value if isinstance(value, dict) else {"value": value}


def _start(turns: list[Turn]) -> Turn:
    turns.append(Turn(human=""))
    return turns[-1]


def _read_ai(message: AIMessage, turn: Turn, calls: dict[str, Exchange]) -> None:
    for call in message.tool_calls:
        exchange = Exchange(call["id"] or "", call["name"], dict(call["args"]))
        calls[exchange.call_id] = exchange
        turn.exchanges.append(exchange)
    # Only the latest message's note counts: it says what is still planned or asked.
    note = message.additional_kwargs.get(NOTE_KEY)
    turn.note = note if isinstance(note, dict) else {}
    if not message.tool_calls and message.text:
        turn.reply = message.text
