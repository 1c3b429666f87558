"""The assistant's tools: thin LangChain tools over store/, knowledge/ and commerce/.

Each tool validates model-visible arguments (pydantic), takes the acting user
from the graph's runtime Context, makes one service call and returns compact
JSON (data, never instructions). See docs/assistant.md for every result shape.
"""

from __future__ import annotations

from langchain_core.tools import BaseTool

from tools.archive import archive_received, copy_gift_list
from tools.catalog import get_item_details, more_like_this, search_gifts
from tools.gifts import add_to_list, mark_purchased, move_gift, remove_from_list
from tools.group_gifts import make_group_gift, set_reveal_date
from tools.import_url import import_gift_from_url
from tools.lists import (
    create_gift_list,
    list_gift_lists,
    rename_gift_list,
    share_list,
    show_gift_list,
)
from tools.orders import show_orders, start_purchase
from tools.profiles import forget_recipient, remember_recipient, set_preferences, show_recipients

ALL_TOOLS: list[BaseTool] = [
    search_gifts,
    get_item_details,
    more_like_this,
    list_gift_lists,
    create_gift_list,
    rename_gift_list,
    show_gift_list,
    add_to_list,
    remove_from_list,
    move_gift,
    share_list,
    mark_purchased,
    start_purchase,
    show_orders,
    remember_recipient,
    show_recipients,
    forget_recipient,
    set_preferences,
    make_group_gift,
    set_reveal_date,
    archive_received,
    copy_gift_list,
    import_gift_from_url,
]
PURCHASE_TOOL = start_purchase.name

__all__ = ["ALL_TOOLS", "PURCHASE_TOOL"]
