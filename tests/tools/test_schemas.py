"""What the model sees of the tools: names from the contract, no identity, no extras."""

from __future__ import annotations

import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import ValidationError

from tools import ALL_TOOLS, PURCHASE_TOOL

CONTRACT = {
    "search_gifts": {"query", "max_budget", "min_budget", "currency", "categories", "recipient",
                     "level", "instrument", "genre", "fulfilment", "exclude_shown", "different"},
    "get_item_details": {"item_id"},
    "more_like_this": {"item_id", "max_budget"},
    "list_gift_lists": set(),
    "create_gift_list": {"title", "occasion"},
    "rename_gift_list": {"new_title", "list_name"},
    "show_gift_list": {"list_name"},
    "add_to_list": {"item_id", "title", "list_name"},
    "remove_from_list": {"gift", "list_name"},
    "move_gift": {"gift", "position", "list_name"},
    "share_list": {"list_name"},
    "mark_purchased": {"gift", "list_name"},
    "start_purchase": {"item_id", "gift", "quantity"},
    "show_orders": set(),
    "remember_recipient": {"name", "relationship", "tastes", "instruments", "skill_level",
                           "occasion", "occasion_date", "budget"},
    "show_recipients": set(),
    "forget_recipient": {"name"},
    "set_preferences": {"language", "currency", "usual_budget"},
    "make_group_gift": {"gift", "list_name", "group"},
    "set_reveal_date": {"reveal_on", "list_name"},
    "archive_received": {"gifts", "list_name"},
    "copy_gift_list": {"new_title", "list_name", "which"},
    "import_gift_from_url": {"url", "list_name"},
}  # fmt: skip


def test_every_tool_exposes_exactly_the_contract_arguments():
    exposed = {
        tool.name: set(convert_to_openai_tool(tool)["function"]["parameters"]["properties"])
        for tool in ALL_TOOLS
    }
    assert exposed == CONTRACT
    assert PURCHASE_TOOL == "start_purchase"
    assert all(tool.description for tool in ALL_TOOLS)


@pytest.mark.parametrize("tool", ALL_TOOLS, ids=lambda tool: tool.name)
def test_no_tool_accepts_an_identity_argument(tool):
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        tool.args_schema.model_validate({"user_id": "someone", **_minimal(tool.name)})


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("search_gifts", {"query": "x", "max_budget": -1}),
        ("search_gifts", {"query": "x" * 501}),
        ("add_to_list", {}),
        ("start_purchase", {}),
        ("start_purchase", {"item_id": "a", "quantity": 0}),
        ("start_purchase", {"item_id": "a", "quantity": 11}),
        ("move_gift", {"gift": "1", "position": 0}),
        ("search_gifts", {"query": "x", "fulfilment": "teleport"}),
        ("set_reveal_date", {"reveal_on": "next christmas"}),
        ("copy_gift_list", {"new_title": "t", "which": "some"}),
    ],
)
def test_bad_arguments_are_refused_by_the_schema(name, args):
    tool = next(tool for tool in ALL_TOOLS if tool.name == name)
    with pytest.raises(ValidationError):
        tool.args_schema.model_validate(args)


def _minimal(name: str) -> dict:
    return {
        "search_gifts": {"query": "x"}, "get_item_details": {"item_id": "a"},
        "more_like_this": {"item_id": "a"}, "create_gift_list": {"title": "t"},
        "rename_gift_list": {"new_title": "t"}, "add_to_list": {"title": "t"},
        "remove_from_list": {"gift": "1"}, "move_gift": {"gift": "1", "position": 1},
        "mark_purchased": {"gift": "1"}, "start_purchase": {"item_id": "a"},
        "remember_recipient": {"name": "n"}, "forget_recipient": {"name": "n"},
        "make_group_gift": {"gift": "1"},
    }.get(name, {})  # fmt: skip
