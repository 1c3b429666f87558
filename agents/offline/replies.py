"""Replies in the person's language, from templates, grounded in this turn's tool results.

Every title, price, link or licence key in a reply is copied from a tool
result of the current turn (their `price_display` strings, never a recomputed
price), so the assistant cannot mention an item the tools did not return.
The variant of each template is picked by a hash of the conversation: answers
vary from turn to turn and stay the same when a test replays the same turn.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from agents.offline.conversation import Conversation, Exchange
from agents.offline.people import is_relationship, localized_relationship

REPLIES_FILE = Path(__file__).parent / "data" / "replies.yaml"
_REASON_LIMIT = 140
_STATUS = {
    "fr": {"available": "disponible", "claimed": "réservé", "purchased": "acheté",
           "pending": "en attente de paiement", "completed": "payée", "failed": "échouée",
           "canceled": "annulée", "refunded": "remboursée"},
    "en": {"pending": "awaiting payment"},
}  # fmt: skip


class Replies:
    """Templates keyed by situation, then language, then variants."""

    def __init__(self, templates: dict[str, dict[str, list[str]]]) -> None:
        self.templates = templates

    def say(self, key: str, locale: str, seed: str, **params: Any) -> str:
        variants = self.templates[key].get(locale) or self.templates[key]["en"]
        digest = hashlib.sha256(f"{seed}|{key}".encode()).digest()
        return variants[int.from_bytes(digest[:4], "big") % len(variants)].format(**params)


@cache
def default_replies() -> Replies:
    return Replies(yaml.safe_load(REPLIES_FILE.read_text(encoding="utf-8")))


def seed_of(conversation: Conversation) -> str:
    """Differs between turns and replies of one thread; the same on every replay."""
    return f"{conversation.message_count}|{conversation.current.human}"


def compose(
    conversation: Conversation, locale: str, replies: Replies | None = None
) -> tuple[str, dict[str, Any]]:
    """The answer to this turn's tool results, and the note for the next turn."""
    replies = replies or default_replies()
    seed = seed_of(conversation)
    blocks: list[str] = []
    note: dict[str, Any] = {}
    for exchange in conversation.current.exchanges:
        if exchange.result is None:
            continue
        locale = _locale_after(exchange, locale)
        block, offered = _render(exchange, Speaker(replies, locale, seed))
        blocks.append(block)
        note = {"offered": offered} if offered else {}
    return "\n\n".join(block for block in blocks if block), note


def _locale_after(exchange: Exchange, locale: str) -> str:
    """A language change answers in the new language."""
    preferences = (exchange.result or {}).get("preferences")
    if exchange.name == "set_preferences" and isinstance(preferences, dict):
        return str(preferences.get("locale") or locale)
    return locale


class Speaker:
    """Templates bound to one language and one turn's seed."""

    def __init__(self, replies: Replies, locale: str, seed: str) -> None:
        self.replies, self.locale, self.seed = replies, locale, seed

    def __call__(self, key: str, **params: Any) -> str:
        return self.replies.say(key, self.locale, self.seed, **params)


def _render(exchange: Exchange, say: Speaker) -> tuple[str, str | None]:
    """One tool result as text, and what the reply offers next ("add" after ideas)."""
    result = exchange.result or {}
    if "error" in result:
        return say("error", error=str(result["error"]).rstrip(". ")), None
    if exchange.name in ("search_gifts", "more_like_this"):
        return _results(exchange, result, say)
    renderer = _RENDERERS.get(exchange.name)
    return (renderer(result, say), None) if renderer else ("", None)


def _results(exchange: Exchange, result: dict[str, Any], say: Speaker) -> tuple[str, str | None]:
    items = [item for item in result.get("results") or [] if isinstance(item, dict)]
    if not items:
        return say("no_results"), None
    filters = result.get("filters") or {}
    if exchange.name == "more_like_this":
        intro = say("results_similar")
    else:
        key = "results_other" if exchange.args.get("exclude_shown") else "results"
        intro = say(key, for_whom=_for_whom(filters, say.locale))
    lines = [intro]
    # A reason every item shares ("within your budget") says nothing about any one of them.
    shared = len(items) > 1 and len({item.get("reason") for item in items}) == 1
    lines += [_item_line(n, item, say, with_reason=not shared) for n, item in enumerate(items, 1)]
    if filters.get("relaxed"):
        lines.append(say("results_relaxed"))
    return "\n".join(lines) + "\n\n" + say("results_followup"), "add"


def _item_line(n: int, item: dict[str, Any], say: Speaker, *, with_reason: bool) -> str:
    reason = str(item.get("reason") or "") if with_reason else ""
    reason = f" ({reason})" if reason and len(reason) <= _REASON_LIMIT else ""
    return say(
        "item_line",
        n=n,
        title=item.get("title", ""),
        price=item.get("price_display", ""),
        reason=reason,
    )


def _for_whom(filters: dict[str, Any], locale: str) -> str:
    """Whom the search was for (" for your sister", " pour Léa"), or nothing."""
    who = str(filters.get("profile") or filters.get("recipient") or "")
    word = "pour" if locale == "fr" else "for"
    if not who:
        return ""
    if is_relationship(who):
        return f" {word} {localized_relationship(who, locale, owner='your')}"
    return f" {word} {who}"


def _status(value: Any, locale: str) -> str:
    return _STATUS.get(locale, {}).get(str(value), str(value))


def _details(result: dict[str, Any], say: Speaker) -> str:
    item = result.get("item") or {}
    return say(
        "details",
        title=item.get("title", ""),
        price=item.get("price_display") or "-",
        description=item.get("description", ""),
    )


def _added(result: dict[str, Any], say: Speaker) -> str:
    added = result.get("added") or {}
    gift_list = added.get("list") or {}
    return say("added", title=added.get("title", ""), list=gift_list.get("title", ""))


def _removed(result: dict[str, Any], say: Speaker) -> str:
    return say(
        "removed",
        title=(result.get("removed") or {}).get("title", ""),
        list=(result.get("list") or {}).get("title", ""),
    )


def _moved(result: dict[str, Any], say: Speaker) -> str:
    moved = result.get("moved") or {}
    return say("moved", title=moved.get("title", ""), position=moved.get("position", ""))


def _list_view(result: dict[str, Any], say: Speaker) -> str:
    shown = result.get("list") or {}
    gifts = shown.get("gifts") or []
    if not gifts:
        return say("list_empty", list=shown.get("title", ""))
    lines = [say("list_header", list=shown.get("title", ""))]
    for gift in gifts:
        price = f" · {gift['price_display']}" if gift.get("price_display") else ""
        lines.append(
            say(
                "list_line",
                n=gift.get("position", ""),
                title=gift.get("title", ""),
                price=price,
                status=_status(gift.get("status"), say.locale),
            )
        )
    if shown.get("share_url"):
        lines.append(say("list_shared_line", url=shown["share_url"]))
    return "\n".join(lines)


def _lists(result: dict[str, Any], say: Speaker) -> str:
    rows = result.get("lists") or []
    if not rows:
        return say("lists_empty")
    shared = " · partagée" if say.locale == "fr" else " · shared"
    return "\n".join(
        [say("lists_header")]
        + [
            say(
                "lists_line",
                title=row.get("title", ""),
                count=row.get("gift_count", 0),
                shared=shared if row.get("shared") else "",
            )
            for row in rows
        ]
    )


def _created(result: dict[str, Any], say: Speaker) -> str:
    return say("created", title=(result.get("created") or {}).get("title", ""))


def _renamed(result: dict[str, Any], say: Speaker) -> str:
    renamed = result.get("renamed") or {}
    return say("renamed", old=renamed.get("old_title", ""), title=renamed.get("title", ""))


def _shared(result: dict[str, Any], say: Speaker) -> str:
    shared = result.get("shared") or {}
    return say("shared", list=shared.get("list_title", ""), url=shared.get("url", ""))


def _purchased(result: dict[str, Any], say: Speaker) -> str:
    return say("purchased", title=(result.get("purchased") or {}).get("title", ""))


def _order(result: dict[str, Any], say: Speaker) -> str:
    if result.get("cancelled"):
        return say("cancelled")
    order = result.get("order") or {}
    to_pay = order.get("checkout_url") and order.get("status") == "pending"
    key = "order" if to_pay else "order_done"
    return say(
        key,
        title=order.get("title", ""),
        total=order.get("total_display", ""),
        status=_status(order.get("status"), say.locale),
        url=order.get("checkout_url", ""),
    )


def _orders(result: dict[str, Any], say: Speaker) -> str:
    rows = result.get("orders") or []
    if not rows:
        return say("orders_empty")
    label = "clé :" if say.locale == "fr" else "licence key:"
    lines = [say("orders_header")]
    for row in rows:
        keys = "".join(f"\n  {label} {key}" for key in row.get("licences") or [])
        status = _status(row.get("status"), say.locale)
        total = row.get("total_display", "")
        lines.append(
            say(
                "orders_line", title=row.get("title", ""), total=total, status=status, licences=keys
            )
        )
    return "\n".join(lines)


def _recipient(result: dict[str, Any], say: Speaker) -> str:
    profile = result.get("recipient") or {}
    return say("recipient_saved", name=profile.get("name", ""), facts=_facts(profile))


def _recipients(result: dict[str, Any], say: Speaker) -> str:
    rows = result.get("recipients") or []
    if not rows:
        return say("recipients_empty")
    return "\n".join(
        [say("recipients_header")]
        + [say("recipients_line", name=row.get("name", ""), facts=_facts(row)) for row in rows]
    )


def _forgotten(result: dict[str, Any], say: Speaker) -> str:
    return say("forgotten", name=result.get("forgotten", ""))


def _preferences(result: dict[str, Any], say: Speaker) -> str:
    shown = result.get("preferences") or {}
    usual = shown.get("usual_budget_display")
    label = ", budget habituel" if say.locale == "fr" else ", usual budget"
    budget = f"{label} {usual}" if usual else ""
    return say("preferences", currency=shown.get("currency", ""), budget=budget)


def _facts(profile: dict[str, Any]) -> str:
    """What is known, in a short parenthesis: " (jazz, piano, beginner)"."""
    facts = [*profile.get("tastes", []), *profile.get("instruments", [])]
    if profile.get("skill_level"):
        facts.append(str(profile["skill_level"]))
    if profile.get("budget_display"):
        facts.append(str(profile["budget_display"]))
    return f" ({', '.join(str(fact) for fact in facts)})" if facts else ""


_RENDERERS = {
    "get_item_details": _details, "add_to_list": _added, "remove_from_list": _removed,
    "move_gift": _moved, "show_gift_list": _list_view, "list_gift_lists": _lists,
    "create_gift_list": _created, "rename_gift_list": _renamed, "share_list": _shared,
    "mark_purchased": _purchased, "start_purchase": _order, "show_orders": _orders,
    "remember_recipient": _recipient, "show_recipients": _recipients,
    "forget_recipient": _forgotten, "set_preferences": _preferences,
}  # fmt: skip
