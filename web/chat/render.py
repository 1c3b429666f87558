"""What the chat shows, as data: card props for `public/elements/*.jsx`, tool step texts.

Pure functions of what the assistant and the services returned; the JSX files
draw them. Every button label comes in the person's language from `texts`.
"""

from __future__ import annotations

import json
from typing import Any

import chainlit as cl

from knowledge.vocabulary import CATEGORY_LABELS, category_label
from web.chat.texts import labels, say

TOOL_LABELS: dict[str, tuple[str, str]] = {
    "search_gifts": ("Catalogue search", "Recherche dans le catalogue"),
    "more_like_this": ("Similar gifts", "Cadeaux similaires"),
    "get_item_details": ("Item details", "Détails de l'article"),
    "list_gift_lists": ("My lists", "Mes listes"),
    "create_gift_list": ("New list", "Nouvelle liste"),
    "rename_gift_list": ("Rename list", "Renommer la liste"),
    "show_gift_list": ("Gift list", "Liste de cadeaux"),
    "add_to_list": ("Add to list", "Ajout à la liste"),
    "remove_from_list": ("Remove from list", "Retrait de la liste"),
    "move_gift": ("Reorder list", "Réorganiser la liste"),
    "share_list": ("Share list", "Partage de la liste"),
    "mark_purchased": ("Mark as bought", "Marquer comme acheté"),
    "start_purchase": ("Checkout", "Paiement"),
    "show_orders": ("My orders", "Mes commandes"),
    "remember_recipient": ("Remember recipient", "Mémoriser le destinataire"),
    "show_recipients": ("Recipients", "Destinataires"),
    "forget_recipient": ("Forget recipient", "Oublier le destinataire"),
    "set_preferences": ("Preferences", "Préférences"),
}
# Lucide icons shown beside tool steps, instead of an avatar fetched by the step's name
# (Chainlit's /avatars refuses names with accents: "Ajout à la liste" was a broken image).
TOOL_ICONS: dict[str, str] = {
    "search_gifts": "search",
    "more_like_this": "sparkles",
    "get_item_details": "info",
    "list_gift_lists": "list",
    "create_gift_list": "list-plus",
    "rename_gift_list": "pencil",
    "show_gift_list": "gift",
    "add_to_list": "list-plus",
    "remove_from_list": "list-minus",
    "move_gift": "arrow-up-down",
    "share_list": "share-2",
    "mark_purchased": "check",
    "start_purchase": "credit-card",
    "show_orders": "receipt",
    "remember_recipient": "user-plus",
    "show_recipients": "users",
    "forget_recipient": "user-minus",
    "set_preferences": "settings",
}
DEFAULT_TOOL_ICON = "wrench"
CARD_LABELS = ("add_to_list", "more_like_this", "buy")
PANEL_LABELS = (
    "panel_empty", "share", "copy_link", "copied", "share_hint",
    "status_available", "status_claimed", "status_purchased",
)  # fmt: skip


def tool_label(name: str, locale: str, *, failed: bool = False) -> str:
    """The step's title; Chainlit puts "✓" before it once done (see .chainlit/translations)."""
    english, french = TOOL_LABELS.get(name, (name, name))
    label = french if locale == "fr" else english
    return f"{label} — {say(locale, 'step_failed')}" if failed else label


def tool_icon(name: str) -> str:
    return TOOL_ICONS.get(name, DEFAULT_TOOL_ICON)


def step_input(arguments: dict[str, Any]) -> str:
    return json.dumps(arguments, ensure_ascii=False, indent=2)


def step_output(output: dict[str, Any], error: str | None) -> str:
    """A tool result as a person reads it: found items, list changes, else the data."""
    if error:
        return error
    if results := output.get("results"):
        return "\n".join(
            f"{n}. {r.get('title')} — {r.get('price_display')}" for n, r in enumerate(results, 1)
        )
    if added := output.get("added"):
        return f"+ {added.get('title')} → {added.get('list', {}).get('title')}"
    if shared := output.get("shared"):
        return str(shared.get("url"))
    if order := output.get("order"):
        return f"{order.get('title')} — {order.get('total_display')} ({order.get('status')})"
    return json.dumps(output, ensure_ascii=False, indent=2)


def recommendation_cards(items: list[dict[str, Any]], locale: str) -> dict[str, Any]:
    """Props of `GiftCards` (full chat): one card per recommended item, with its buttons."""
    cards = [
        {
            "id": item["id"],
            "title": item["title"],
            "price_display": item.get("price_display"),
            "category": category_label(item["category"], locale)
            if item.get("category") in CATEGORY_LABELS
            else item.get("category"),
            "reason": item.get("reason"),
            "more_message": say(locale, "more_like", title=item["title"]),
            "buy_message": say(locale, "buy_item", title=item["title"]),
        }
        for item in items
    ]
    return {"items": cards, "labels": labels(locale, *CARD_LABELS)}


def cart_actions(items: list[dict[str, Any]], locale: str) -> list[cl.Action]:
    """In the shop widget, plain buttons under the answer: one “Add to cart” per item.

    (Chainlit's copilot crashes on custom elements, so the widget gets no cards.)
    """
    return [
        cl.Action(
            name="add_to_cart",
            payload={"item_id": item["id"]},
            label=f"{item['title']} · {item.get('price_display')}",
            tooltip=say(locale, "add_to_cart"),
            icon="shopping-cart",
        )
        for item in items
    ]


def decision_actions(locale: str) -> list[cl.Action]:
    """In the shop widget, the approval as two buttons under the question."""
    return [
        cl.Action(
            name="purchase_decision",
            payload={"approve": True},
            label=say(locale, "approve"),
            icon="credit-card",
        ),
        cl.Action(
            name="purchase_decision",
            payload={"approve": False},
            label=say(locale, "cancel"),
            icon="x",
        ),
    ]


def show_list_action(locale: str) -> cl.Action:
    """On a phone, the gift-list panel opens on demand: this button under an answer."""
    return cl.Action(name="show_list", payload={}, label=say(locale, "show_list"), icon="gift")


def approval_card(payload: dict[str, Any], locale: str, state: str = "pending") -> dict[str, Any]:
    """Props of `Purchase` while the graph waits for a yes or no."""
    return {
        "state": state,
        "title": payload.get("title"),
        "price_display": payload.get("price_display"),
        "quantity": payload.get("quantity", 1),
        "labels": labels(
            locale,
            "approval_title",
            "approval_quantity",
            "approve",
            "cancel",
            "approved",
            "paid",
            "declined",
            "checkout",
            "checkout_hint",
            "order_waiting",
        ),
    }


def checkout_card(order: dict[str, Any]) -> dict[str, Any]:
    """What the approval card shows once approved: the order's checkout link and total."""
    return {"checkout_url": order.get("checkout_url"), "price_display": order.get("total_display")}


def order_result(order: dict[str, Any], locale: str) -> tuple[str, list[str]]:
    """The message telling how an order ended, and its licence keys."""
    values = {"title": order.get("title"), "total": order.get("total_display")}
    if order.get("status") != "completed":
        return say(locale, "order_failed", **values), []
    keys = [licence["key"] for licence in order.get("licences", [])]
    return say(locale, "order_completed", **values), keys


def gift_list_panel(
    gift_list: dict[str, Any], lines: list[dict[str, Any]], share_url: str | None, locale: str
) -> dict[str, Any]:
    """Props of `GiftList`, the side panel: the list, its gifts and statuses, its link."""
    return {
        "list_id": gift_list["id"],
        "title": gift_list["title"],
        "gifts": lines,
        "share_url": share_url,
        "labels": labels(locale, *PANEL_LABELS),
    }
