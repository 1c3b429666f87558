"""Store and catalogue objects as the small dicts tools return (see docs/assistant.md)."""

from __future__ import annotations

from typing import Any

from commerce.orders import describe_order
from knowledge.catalog import CatalogItem
from knowledge.search import SearchHit
from store.gifts import owner_visible_status
from store.lists import share_url
from store.models import Gift, GiftList, Order
from store.money import format_money, money_fields

# A card's description: the first sentence, cut at a word near this many characters.
SHORT_DESCRIPTION = 160


def recommendation(hit: SearchHit, locale: str, reason: str) -> dict[str, Any]:
    """One idea as cards and REST clients show it: enough to judge it without another call."""
    item = hit.item
    return {
        "id": item.id,
        "title": item.localized_title(locale),
        "category": item.category,
        **money_fields(hit.price, hit.currency, locale),
        "fulfilment": item.fulfilment,
        "reason": reason,
        "description": short_description(item.localized_description(locale)),
        "tags": [*item.instruments, *item.genres, *item.levels],
    }


def short_description(text: str) -> str:
    """The first sentence, or the text cut at a word with an ellipsis."""
    first = text.split(". ")[0].rstrip(".")
    if len(first) <= SHORT_DESCRIPTION:
        return first + "."
    return first[:SHORT_DESCRIPTION].rsplit(" ", 1)[0] + "…"


def item_details(item: CatalogItem, currency: str, locale: str) -> dict[str, Any]:
    minor = item.price_in(currency)
    price = money_fields(minor, currency, locale) if minor is not None else {
        "price": None, "currency": currency, "price_display": None,
    }  # fmt: skip
    return {
        "id": item.id,
        "title": item.localized_title(locale),
        "category": item.category,
        **price,
        "fulfilment": item.fulfilment,
        "description": item.localized_description(locale),
        "genres": list(item.genres),
        "instruments": list(item.instruments),
        "levels": list(item.levels),
    }


def list_ref(gift_list: GiftList) -> dict[str, str]:
    return {"id": gift_list.id, "title": gift_list.title}


def gift_line(gift: Gift, gift_list: GiftList, position: int, locale: str) -> dict[str, Any]:
    shown = (
        format_money(gift.price, gift.currency, locale)
        if gift.price is not None and gift.currency
        else None
    )
    return {
        "id": gift.id,
        "position": position,
        "title": gift.title,
        "price_display": shown,
        "status": owner_visible_status(gift, gift_list).value,
    }


def shared_url_of(gift_list: GiftList, public_url: str) -> str | None:
    if gift_list.share_token and not gift_list.share_revoked:
        return share_url(public_url, gift_list.share_token)
    return None


ORDER_FIELDS = ("id", "title", "status", "total_display", "checkout_url", "licence_state")


def order_summary(order: Order, locale: str) -> dict[str, Any]:
    """What show_orders reports of one order: licence keys as plain strings."""
    described = describe_order(order, locale=locale)
    return {
        **{key: described[key] for key in ORDER_FIELDS},
        "licences": [licence["key"] for licence in described["licences"]],
    }
