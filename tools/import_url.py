"""The chat's gift import: a product page URL the person pasted becomes a gift on their list."""

from __future__ import annotations

from langchain.tools import ToolRuntime, tool
from pydantic import Field

from products import service
from products.errors import ProductImportError
from products.fetch import FetchLimits
from store.money import format_money
from tools.common import ToolArgs, ToolResult, result, services_of, unit_of_work
from tools.references import list_for_tool
from tools.views import list_ref


class ImportArgs(ToolArgs):
    url: str = Field(min_length=8, max_length=2000, description="the product page's http(s) URL")
    list_name: str | None = Field(
        None, max_length=200, description="a list title; default the current list"
    )


@tool("import_gift_from_url", args_schema=ImportArgs, response_format="content_and_artifact")
async def import_gift_from_url(
    url: str, runtime: ToolRuntime, list_name: str | None = None
) -> ToolResult:
    """Add a gift from a product page URL the person pasted (title, photo, price from the page)."""
    limits = FetchLimits.from_settings(services_of(runtime).settings)
    async with unit_of_work(runtime) as (session, context):
        gift_list = await list_for_tool(session, context, runtime, list_name)
        try:
            gift = await service.import_gift_from_url(
                session, user_id=context.user_id, url=url, list_id=gift_list.id, limits=limits
            )
        except ProductImportError as error:
            # Data for the reply ("no product on that page"), not a failed tool call.
            failed = {"code": error.code, "reason": error.message, "url": url}
            return result({"import_failed": failed})
        price = (
            format_money(gift.price, gift.currency, context.locale)
            if gift.price is not None and gift.currency
            else None
        )
        added = {
            "gift_id": gift.id,
            "title": gift.title,
            "price_display": price,
            "url": gift.url,
            "image_url": gift.image_url,
            "list": list_ref(gift_list),
        }
        return result({"added": added})
