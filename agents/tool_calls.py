"""Running the model's tool calls: every failure becomes a clear `{"error": ...}` result.

The model then sees what went wrong in words it can pass on, and the
conversation goes on; a bug is logged and reported without its details.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool
from langgraph.prebuilt import ToolNode
from langgraph.prebuilt.tool_node import ToolCallRequest, ToolInvocationError
from langgraph.types import Command

from agents import prompts
from agents.context import Context
from agents.currency import budget_in_person_currency
from knowledge.errors import CatalogError, InvalidSearch
from store.errors import DomainError
from tools.common import dumps

logger = logging.getLogger(__name__)

Execute = Callable[[ToolCallRequest], Awaitable[ToolMessage | Command]]


def make_tool_node(tools: Sequence[BaseTool]) -> ToolNode:
    return ToolNode(list(tools), handle_tool_errors=False, awrap_tool_call=_as_data_on_error)


async def _as_data_on_error(request: ToolCallRequest, execute: Execute) -> ToolMessage | Command:
    try:
        return await execute(_in_person_currency(request))
    except Exception as error:  # noqa: BLE001 - every failure must become a tool result
        message = describe(error, _locale(request))
        call = request.tool_call
        return ToolMessage(
            content=dumps({"error": message}),
            artifact={"error": message},
            name=call["name"],
            tool_call_id=call["id"],
            status="error",
        )


def _in_person_currency(request: ToolCallRequest) -> ToolCallRequest:
    """A search's budget in the person's currency, whatever currency the model wrote it in."""
    call = request.tool_call
    context = getattr(request.runtime, "context", None)
    if call["name"] != "search_gifts" or not isinstance(context, Context):
        return request
    if context.services is None:
        return request
    if str(call["args"].get("currency") or context.currency).upper() == context.currency:
        return request
    items = context.services.catalog.items()
    args = budget_in_person_currency(dict(call["args"]), context.currency, items)
    return request.override(tool_call={**call, "args": args})


def describe(error: Exception, locale: str) -> str:
    """A message a person can read; internal details stay in the log."""
    if isinstance(error, DomainError):
        return error.message
    if isinstance(error, InvalidSearch | CatalogError):
        return str(error)
    if isinstance(error, ToolInvocationError):
        details = "; ".join(
            f"{'.'.join(str(part) for part in e.get('loc', ()))}: {e.get('msg')}"
            for e in error.filtered_errors or []
        )
        return f"invalid arguments for {error.tool_name}: {details or error.source}"
    logger.exception("tool failed", exc_info=error)
    return prompts.INTERNAL_TOOL_ERROR.get(locale, prompts.INTERNAL_TOOL_ERROR["en"])


def _locale(request: ToolCallRequest) -> str:
    context = getattr(request.runtime, "context", None)
    return getattr(context, "locale", "en") or "en"
