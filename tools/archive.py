"""Received gifts and next year's list: archive what the person got, copy a list.

"Received" is what the person says they got; without names, only gifts they
may already see as bought are archived, so no tool result spoils a surprise.
"""

from __future__ import annotations

from typing import Literal

from langchain.tools import ToolRuntime, tool
from pydantic import Field

from store import archive
from store.gifts import list_gifts
from tools.common import ToolArgs, ToolResult, result, unit_of_work
from tools.references import list_for_tool, resolve_gift
from tools.views import list_ref

ListName = Field(None, max_length=200, description="a list title; default the current list")


class ArchiveArgs(ToolArgs):
    gifts: list[str] | None = Field(
        None, max_length=50,
        description="the gifts received (title, id or number); default: those seen as bought",
    )
    list_name: str | None = ListName


class CopyArgs(ToolArgs):
    new_title: str | None = Field(
        None, max_length=200, description="default: the old title with next year's date"
    )
    list_name: str | None = Field(None, max_length=200, description="the list to copy")
    which: Literal["unreceived", "received", "all"] = Field(
        "unreceived", description="gifts still wished (default), those received, or all"
    )


@tool("archive_received", args_schema=ArchiveArgs, response_format="content_and_artifact")
async def archive_received(
    runtime: ToolRuntime, gifts: list[str] | None = None, list_name: str | None = None
) -> ToolResult:
    """Archive gifts the person received: off the list and its share page, kept for next year."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        ids = None
        if gifts is not None:
            ids = [
                (await resolve_gift(session, user_id=context.user_id, gift_list=gift_list,
                                    reference=reference))[0].id
                for reference in gifts
            ]
        done = await archive.archive_gifts(
            session, user_id=context.user_id, list_id=gift_list.id, gift_ids=ids
        )
        return result({"archived": [gift.title for gift in done], "list": list_ref(gift_list)})


@tool("copy_gift_list", args_schema=CopyArgs, response_format="content_and_artifact")
async def copy_gift_list(
    runtime: ToolRuntime,
    new_title: str | None = None,
    list_name: str | None = None,
    which: Literal["unreceived", "received", "all"] = "unreceived",
) -> ToolResult:
    """Start a new list from an earlier one's gifts ("like last year"); it becomes current."""
    async with unit_of_work(runtime) as (session, context):
        source = await list_for_tool(session, context, runtime, list_name)
        copy = await archive.copy_list(
            session, user_id=context.user_id, list_id=source.id, title=new_title, which=which
        )
        count = len(await list_gifts(session, user_id=context.user_id, list_id=copy.id))
        return result(
            {"created": list_ref(copy), "copied_from": list_ref(source), "gift_count": count}
        )
