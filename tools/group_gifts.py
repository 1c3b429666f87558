"""Group gift and reveal-date tools, on the person's own lists.

A group gift is one several guests fund together through the share link; a
reveal date keeps the owner's surprise until that day. Who pledged or
claimed what is never part of a result.
"""

from __future__ import annotations

from datetime import date

from langchain.tools import ToolRuntime, tool
from pydantic import Field

from store import lists, pledges
from tools.common import ToolArgs, ToolResult, result, unit_of_work
from tools.references import list_for_tool, resolve_gift
from tools.views import list_ref

ListName = Field(None, max_length=200, description="a list title; default the current list")


class GroupArgs(ToolArgs):
    gift: str = Field(max_length=200, description="gift title, id, or its number on the list")
    list_name: str | None = ListName
    group: bool = Field(True, description="false makes it a gift one guest reserves again")


class RevealArgs(ToolArgs):
    reveal_on: date | None = Field(
        None, description="YYYY-MM-DD; reserved gifts stay hidden until then; null removes it"
    )
    list_name: str | None = ListName


@tool("make_group_gift", args_schema=GroupArgs, response_format="content_and_artifact")
async def make_group_gift(
    gift: str, runtime: ToolRuntime, list_name: str | None = None, group: bool = True
) -> ToolResult:
    """Make a priced gift a group gift (guests chip in together via the share link), or undo it."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        found, _ = await resolve_gift(
            session, user_id=context.user_id, gift_list=gift_list, reference=gift
        )
        change = pledges.mark_group if group else pledges.unmark_group
        changed = await change(session, user_id=context.user_id, gift_id=found.id)
        shown = {"title": changed.title, "is_group": changed.is_group}
        return result({"group_gift": shown, "list": list_ref(gift_list)})


@tool("set_reveal_date", args_schema=RevealArgs, response_format="content_and_artifact")
async def set_reveal_date(
    runtime: ToolRuntime, reveal_on: date | None = None, list_name: str | None = None
) -> ToolResult:
    """Hide which gifts guests reserved or bought until a date, then show them (null: no date)."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        await lists.update_list(
            session, user_id=context.user_id, list_id=gift_list.id, reveal_on=reveal_on
        )
        shown = {"reveal_on": reveal_on.isoformat() if reveal_on else None}
        return result({"reveal": shown, "list": list_ref(gift_list)})
