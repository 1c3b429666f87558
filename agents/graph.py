"""The assistant as an explicit LangGraph state machine.

State (agents/state.py): messages, locale, currency, budget, recipient,
preferences, last_recommendations, active_list, saved recipients, usual budget.

    START → prepare_turn → call_model ─┬─ no tool calls → END
                               ▲       ├─ over the per-turn limits → stop_turn → END
                               │       └─ tool calls → tools
                               │              ├─ a purchase proposed → approve_purchase
                               │              │     (interrupt; no → END, yes ─┐)
                               └─ absorb_results ◄─────────────────────────────┘

Nodes: agents/nodes.py, agents/tool_calls.py (tools), agents/purchase.py.
"""

from __future__ import annotations

from typing import Literal

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from agents import turns
from agents.context import Context
from agents.nodes import CallModel, absorb_results, prepare_turn, stop_turn
from agents.purchase import approve_purchase, awaiting_approval
from agents.state import InputState, State
from agents.tool_calls import make_tool_node
from songwish.settings import Settings
from tools import ALL_TOOLS


# --- routing -----------------------------------------------------------------
class Limits:
    """Per-turn ceilings on model calls and tool calls (from settings)."""

    def __init__(self, settings: Settings) -> None:
        self.model_calls = settings.max_model_calls_per_turn
        self.tool_calls = settings.max_tool_calls_per_turn

    def after_model(self, state: State) -> Literal["tools", "stop_turn", "__end__"]:
        last = state["messages"][-1]
        if not isinstance(last, AIMessage) or not last.tool_calls:
            return END
        turn = turns.current_turn(state["messages"])
        over_tools = turns.tool_calls(turn) + len(last.tool_calls) > self.tool_calls
        # The model may still answer after its last allowed round of tools.
        over_models = turns.model_calls(turn) >= self.model_calls
        return "stop_turn" if over_tools or over_models else "tools"


def after_tools(state: State) -> Literal["approve_purchase", "absorb_results"]:
    return "approve_purchase" if awaiting_approval(state) else "absorb_results"


def after_approval(state: State) -> Literal["absorb_results", "__end__"]:
    """A "no" ends with its fixed reply; an order (or its error) goes back to the model."""
    return END if isinstance(state["messages"][-1], AIMessage) else "absorb_results"


# --- the graph ---------------------------------------------------------------
def build_graph(
    model: BaseChatModel, settings: Settings, *, checkpointer: BaseCheckpointSaver | None = None
) -> CompiledStateGraph:
    limits = Limits(settings)
    call_model = CallModel(
        model.bind_tools(ALL_TOOLS),
        attempts=settings.model_retry_attempts,
        backoff=settings.model_retry_backoff_seconds,
    )
    builder = StateGraph(State, input_schema=InputState, context_schema=Context)
    builder.add_node("prepare_turn", prepare_turn)
    builder.add_node("call_model", call_model)
    builder.add_node("tools", make_tool_node(ALL_TOOLS))
    builder.add_node("approve_purchase", approve_purchase)
    builder.add_node("absorb_results", absorb_results)
    builder.add_node("stop_turn", stop_turn)

    builder.add_edge(START, "prepare_turn")
    builder.add_edge("prepare_turn", "call_model")
    builder.add_conditional_edges("call_model", limits.after_model)
    builder.add_conditional_edges("tools", after_tools)
    builder.add_conditional_edges("approve_purchase", after_approval)
    builder.add_edge("absorb_results", "call_model")
    builder.add_edge("stop_turn", END)
    return builder.compile(checkpointer=checkpointer, name="songwish")
