"""What the policy hands back to the chat model: tool calls to run, or words to say.

`Plan` holds calls run one after another (a later call may need an earlier
one's effect, as "create a list and add the second one to it"); the model
emits the first and keeps the rest in a note on its message. `Say` names a
reply template and its parameters; `asked` tells the next turn what the
question was, so "50 €" or "le deuxième" can be read as its answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agents.offline.conversation import Conversation
from agents.offline.slots import Slots


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "args": self.args}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ToolCall:
        return cls(str(data["name"]), dict(data.get("args", {})))


@dataclass(frozen=True)
class Plan:
    calls: tuple[ToolCall, ...]
    # How a refinement changed the search ("cheaper", "level"...), said in the reply.
    change: str | None = None


@dataclass(frozen=True)
class Say:
    key: str
    params: dict[str, Any] = field(default_factory=dict)
    asked: str | None = None
    # For "which one?" questions: the intent the answer completes.
    action: str | None = None


Decision = Plan | Say


@dataclass(frozen=True)
class Request:
    """One human message as understood: its words, language, intent and slots."""

    text: str
    locale: str
    intent: str
    slots: Slots
    conversation: Conversation

    @property
    def currency(self) -> str:
        return self.conversation.context.currency


def call(tool: str, /, **args: Any) -> ToolCall:
    """A tool call without the arguments left empty, as a model would write it."""
    given = {key: value for key, value in args.items() if value not in (None, [], "")}
    return ToolCall(tool, given)
