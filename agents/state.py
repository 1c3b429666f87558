"""The graph's state: what one conversation thread remembers between turns.

Who writes what:
- `messages`: the person (input), `call_model` (answers, tool calls), the tool
  and purchase nodes (tool results), the guard nodes (fixed messages).
- `locale`, `currency`, `recipients`, `usual_budget`: `prepare_turn`, from the
  run's Context and the user's saved profiles and defaults.
- `budget`, `recipient`, `preferences`, `last_recommendations`, `active_list`:
  `absorb_results`, from tool results (never from model text).
"""

from __future__ import annotations

from typing import Annotated, Any, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages


class Budget(TypedDict):
    max: float | None
    min: float | None
    currency: str


class InputState(TypedDict):
    """What an entry point may send: new messages only."""

    messages: Annotated[list[AnyMessage], add_messages]


class State(InputState, total=False):
    locale: str
    currency: str
    budget: Budget | None
    recipient: str | None
    # Gathered slots: genres, instruments, level, categories.
    preferences: dict[str, Any]
    # The latest search results, in the order shown, so "the second one" resolves.
    last_recommendations: list[dict[str, Any]]
    active_list: dict[str, str] | None
    # Saved recipient profile summaries and the user's usual budget (major units).
    recipients: list[dict[str, Any]]
    usual_budget: float | None
