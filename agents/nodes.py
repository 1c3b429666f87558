"""The graph's nodes other than tool execution and purchase approval.

- `prepare_turn`: copy the run's locale, currency, saved people and usual
  budget (from the Context) into the state, once per turn.
- `CallModel`: one model call with the system message, retries with backoff
  on provider errors, and a fixed apology when the provider stays down.
- `absorb_results`: fold the latest tool results into the state (what was
  recommended, which list is active, the budget and preferences asked for).
- `stop_turn`: the per-turn limits were hit: answer what is pending, stop.
"""

from __future__ import annotations

import logging
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, ToolMessage
from langchain_core.runnables import Runnable
from langgraph.runtime import Runtime
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from agents import prompts, turns
from agents.context import Context
from agents.currency import converted_budget
from agents.facts import system_message
from agents.history import stamp
from agents.models import PROVIDER_ERRORS, is_transient
from agents.proposals import final_result, unanswered_proposals
from agents.state import State
from tools.common import dumps

logger = logging.getLogger(__name__)


def prepare_turn(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Facts for this turn; a purchase proposal left unanswered is cancelled by the new message."""
    context = runtime.context
    return {
        "locale": context.locale,
        "currency": context.currency,
        "recipients": list(context.saved_recipients),
        "usual_budget": context.usual_budget,
        "messages": [final_result(m, {"cancelled": True}) for m in unanswered_proposals(state)],
    }


class CallModel:
    """The model node; holds the tool-bound model and the retry settings."""

    def __init__(self, model: BaseChatModel | Runnable, *, attempts: int, backoff: float) -> None:
        self.model = model
        self.attempts = max(1, attempts)
        self.backoff = backoff

    async def __call__(self, state: State) -> dict[str, Any]:
        messages = [system_message(state), *state["messages"]]
        try:
            response = await self._invoke(messages)
        except PROVIDER_ERRORS as error:
            logger.warning("model provider unavailable: %r", error)
            apology = prompts.APOLOGY_PROVIDER_DOWN.get(state.get("locale") or "en")
            return {"messages": [stamp(AIMessage(content=apology, name="songwish"))]}
        return {"messages": [stamp(response)]}

    async def _invoke(self, messages: list) -> AIMessage:
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts),
            wait=wait_exponential(multiplier=self.backoff, max=10 * max(self.backoff, 0.1)),
            retry=retry_if_exception(is_transient),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self.model.ainvoke(messages)
        raise AssertionError("unreachable: tenacity re-raises the last error")


def absorb_results(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """State updates from the tool results since the last model call."""
    update: dict[str, Any] = {}
    for message in _latest_results(state["messages"]):
        data = turns.payload(message)
        if "results" in data and message.name in turns.RECOMMENDING_TOOLS:
            update["last_recommendations"] = turns.shown_items(data)
            update.update(_slots(data.get("filters") or {}, state))
        for key in ("created", "list"):
            if isinstance(data.get(key), dict) and "id" in data[key]:
                update["active_list"] = {"id": data[key]["id"], "title": data[key]["title"]}
        if isinstance(data.get("added"), dict):
            update["active_list"] = data["added"]["list"]
        if isinstance(data.get("renamed"), dict):
            update["active_list"] = {"id": data["renamed"]["id"], "title": data["renamed"]["title"]}
        if isinstance(data.get("recipients"), list):
            update["recipients"] = data["recipients"]
        if isinstance(data.get("preferences"), dict):
            update["locale"] = data["preferences"]["locale"]
            update["currency"] = data["preferences"]["currency"]
            update.update(_budget_in(update["currency"], state, runtime.context))
    return update


def _budget_in(currency: str, state: State, context: Context) -> dict[str, Any]:
    """The remembered budget moved to a newly chosen currency (nothing when it already is)."""
    budget = state.get("budget")
    if not budget or budget.get("currency") in (None, currency) or context.services is None:
        return {}
    converted = converted_budget(dict(budget), currency, context.services.catalog.items())
    return {"budget": converted} if converted else {}


def _latest_results(messages: list) -> list[ToolMessage]:
    batch: list[ToolMessage] = []
    for message in reversed(messages):
        if not isinstance(message, ToolMessage):
            break
        batch.insert(0, message)
    return batch


def _slots(filters: dict[str, Any], state: State) -> dict[str, Any]:
    """Budget, recipient and preferences as last asked for; unspecified ones are kept."""
    update: dict[str, Any] = {}
    if filters.get("max_budget") is not None or filters.get("min_budget") is not None:
        update["budget"] = {
            "max": filters.get("max_budget"),
            "min": filters.get("min_budget"),
            "currency": filters.get("currency") or state.get("currency") or "EUR",
        }
    if filters.get("recipient"):
        update["recipient"] = filters["recipient"]
    preferences = dict(state.get("preferences") or {})
    for slot, key in (("genres", "genre"), ("instruments", "instrument")):
        if filters.get(key):
            preferences[slot] = [filters[key]]
    if filters.get("level"):
        preferences["level"] = filters["level"]
    if filters.get("categories"):
        preferences["categories"] = list(filters["categories"])
    if preferences != (state.get("preferences") or {}):
        update["preferences"] = preferences
    return update


def stop_turn(state: State) -> dict[str, Any]:
    """Answer every pending tool call with an error, then say why the turn stopped."""
    pending = turns.pending_tool_calls(state["messages"])
    refused = [
        ToolMessage(
            content=dumps({"error": prompts.TOOL_LIMIT_ERROR}),
            name=call["name"],
            tool_call_id=call["id"],
            status="error",
        )
        for call in pending
    ]
    text = prompts.TOO_MANY_STEPS.get(state.get("locale") or "en")
    return {"messages": [*refused, stamp(AIMessage(content=text, name="songwish"))]}
