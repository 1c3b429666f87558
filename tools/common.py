"""What every tool shares: argument base class, the acting user, JSON results.

A tool result is a compact JSON string (what the model reads, as data) and the
same dict as the ToolMessage artifact (what nodes and UIs read).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from langchain.tools import ToolRuntime
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from agents.context import Context
from songwish.services import Services

ToolResult = tuple[str, dict[str, Any]]


class ToolArgs(BaseModel):
    """Model-visible arguments; anything else (a `user_id`, say) is refused.

    `runtime` is injected by the graph and hidden from the model's schema.
    """

    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, arbitrary_types_allowed=True
    )

    runtime: ToolRuntime = Field(default=None, exclude=True)  # type: ignore[assignment]


def context_of(runtime: ToolRuntime) -> Context:
    context = runtime.context
    if not isinstance(context, Context):
        raise RuntimeError("tools run inside the assistant graph with a Context")
    return context


def services_of(runtime: ToolRuntime) -> Services:
    return context_of(runtime).require_services()


def state_value(runtime: ToolRuntime, key: str) -> Any:
    state = runtime.state
    return state.get(key) if isinstance(state, dict) else getattr(state, key, None)


@asynccontextmanager
async def unit_of_work(runtime: ToolRuntime) -> AsyncIterator[tuple[AsyncSession, Context]]:
    """A database session (committed if the tool succeeds) and the acting Context."""
    context = context_of(runtime)
    async with context.require_services().database.session() as session:
        yield session, context


def result(payload: dict[str, Any]) -> ToolResult:
    return dumps(payload), payload


def dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=str)
