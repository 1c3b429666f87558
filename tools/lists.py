"""Gift list tools: list, create, rename, show and share the person's own lists."""

from __future__ import annotations

from langchain.tools import ToolRuntime, tool
from pydantic import Field

from store import gifts, lists
from store.lists import share_url
from tools.common import ToolArgs, ToolResult, result, unit_of_work
from tools.references import list_for_tool
from tools.views import gift_line, list_ref, shared_url_of

ListName = Field(None, max_length=200, description="a list title; default the current list")


class NoArgs(ToolArgs):
    pass


class CreateListArgs(ToolArgs):
    title: str = Field(max_length=200)
    occasion: str | None = Field(None, max_length=100)


class RenameListArgs(ToolArgs):
    new_title: str = Field(max_length=200)
    list_name: str | None = ListName


class ListNameArgs(ToolArgs):
    list_name: str | None = ListName


@tool("list_gift_lists", args_schema=NoArgs, response_format="content_and_artifact")
async def list_gift_lists(runtime: ToolRuntime) -> ToolResult:
    """The person's gift lists with their number of gifts."""
    async with unit_of_work(runtime) as (session, context):
        owned = await lists.list_lists(session, user_id=context.user_id)
        rows = []
        for gift_list in owned:
            count = len(
                await gifts.list_gifts(session, user_id=context.user_id, list_id=gift_list.id)
            )
            shared = shared_url_of(gift_list, context.public_url) is not None
            rows.append({**list_ref(gift_list), "gift_count": count, "shared": shared})
    return result({"lists": rows})


@tool("create_gift_list", args_schema=CreateListArgs, response_format="content_and_artifact")
async def create_gift_list(
    title: str, runtime: ToolRuntime, occasion: str | None = None
) -> ToolResult:
    """Create a new gift list; it becomes the current list."""
    async with unit_of_work(runtime) as (session, context):
        created = await lists.create_list(
            session, user_id=context.user_id, title=title, occasion=occasion
        )
        return result({"created": list_ref(created)})


@tool("rename_gift_list", args_schema=RenameListArgs, response_format="content_and_artifact")
async def rename_gift_list(
    new_title: str, runtime: ToolRuntime, list_name: str | None = None
) -> ToolResult:
    """Rename a gift list (the current one when no name is given)."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        old_title = gift_list.title
        await lists.update_list(
            session, user_id=context.user_id, list_id=gift_list.id, title=new_title
        )
        return result(
            {"renamed": {"id": gift_list.id, "old_title": old_title, "title": gift_list.title}}
        )


@tool("show_gift_list", args_schema=ListNameArgs, response_format="content_and_artifact")
async def show_gift_list(runtime: ToolRuntime, list_name: str | None = None) -> ToolResult:
    """The gifts on a list, numbered, with prices and the share link if shared."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        on_list = await gifts.list_gifts(session, user_id=context.user_id, list_id=gift_list.id)
        lines = [
            gift_line(gift, gift_list, position, context.locale)
            for position, gift in enumerate(on_list, start=1)
        ]
        shown = {
            **list_ref(gift_list),
            "share_url": shared_url_of(gift_list, context.public_url),
            "gifts": lines,
        }
        return result({"list": shown})


@tool("share_list", args_schema=ListNameArgs, response_format="content_and_artifact")
async def share_list(runtime: ToolRuntime, list_name: str | None = None) -> ToolResult:
    """Make a list shareable and return its link (guests with it can view and claim gifts)."""
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        shared = await lists.share_list(session, user_id=context.user_id, list_id=gift_list.id)
        url = share_url(context.public_url, shared.share_token or "")
        return result(
            {"shared": {"list_title": shared.title, "url": url}, "list": list_ref(shared)}
        )
