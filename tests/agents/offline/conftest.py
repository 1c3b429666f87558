"""A minimal driver for the offline model: messages shaped as the graph sends them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from agents.offline import OfflineChatModel

TOOL_NAMES = (
    "search_gifts", "get_item_details", "more_like_this", "list_gift_lists", "create_gift_list",
    "rename_gift_list", "show_gift_list", "add_to_list", "remove_from_list", "move_gift",
    "share_list", "mark_purchased", "start_purchase", "show_orders", "remember_recipient",
    "show_recipients", "forget_recipient", "set_preferences",
)  # fmt: skip
TOOLS = [
    {"type": "function", "function": {"name": name, "description": name, "parameters": {}}}
    for name in TOOL_NAMES
]


def item(item_id: str, title: str, price: float, category: str = "vinyl_cd") -> dict[str, Any]:
    """A recommendation as search_gifts returns it (EUR, French display)."""
    shown = f"{price:.2f}".replace(".", ",") + " €"
    return {
        "id": item_id, "title": title, "category": category, "price": price,
        "currency": "EUR", "price_display": shown, "fulfilment": "physical", "reason": "",
    }  # fmt: skip


IDEAS = [
    item("vinyl-kind-of-blue", "Kind of Blue (vinyle)", 32.0),
    item("book-jazz-history", "Histoire du jazz", 45.0, "books"),
    item("headphones-studio", "Casque de studio", 79.0, "audio_gear"),
]


@dataclass
class Chat:
    """The thread as the graph keeps it, and the context dict it derives from it."""

    model: OfflineChatModel
    context: dict[str, Any] = field(default_factory=dict)
    messages: list[BaseMessage] = field(default_factory=list)

    def say(self, text: str) -> AIMessage:
        """The person speaks; the model answers (a tool call or text)."""
        self.messages.append(HumanMessage(text))
        return self.answer()

    def answer(self) -> AIMessage:
        system = SystemMessage("facts", additional_kwargs={"songwish_context": self.context})
        reply = self.model.bind_tools(TOOLS).invoke([system, *self.messages])
        self.messages.append(reply)
        return reply

    def result(self, payload: dict[str, Any]) -> AIMessage:
        """The tool ran: its JSON comes back and the model continues."""
        call = self.messages[-1].tool_calls[0]
        content = json.dumps(payload, ensure_ascii=False)
        self.messages.append(ToolMessage(content, tool_call_id=call["id"], name=call["name"]))
        if "results" in payload:
            self.context["last_recommendations"] = payload["results"]
        return self.answer()


def context(locale: str = "en", currency: str = "EUR", **facts: Any) -> dict[str, Any]:
    """A `songwish_context` as agents.facts builds it."""
    base = {
        "locale": locale, "currency": currency,
        "budget": {"max": None, "min": None, "currency": currency}, "recipient": None,
        "preferences": {}, "last_recommendations": [], "active_list": None, "recipients": [],
        "usual_budget": None,
    }  # fmt: skip
    return {**base, **facts}


@pytest.fixture(scope="session")
def offline_model() -> OfflineChatModel:
    return OfflineChatModel()


@pytest.fixture
def chat_fr(offline_model: OfflineChatModel) -> Chat:
    return Chat(offline_model, context("fr"))


@pytest.fixture
def chat_en(offline_model: OfflineChatModel) -> Chat:
    return Chat(offline_model, context("en"))


def only_call(message: AIMessage) -> tuple[str, dict[str, Any]]:
    assert len(message.tool_calls) == 1, message
    return message.tool_calls[0]["name"], message.tool_calls[0]["args"]
