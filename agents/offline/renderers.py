"""How each tool's result is told, one function per tool (search results: `replies`).

Every value shown is copied from the result: titles, `price_display` and
`total_display` strings, links, keys. Statuses are translated, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from agents.offline.group_gifts import grouped, revealed
from agents.offline.importing import imported
from agents.offline.received import archived, copied

if TYPE_CHECKING:
    from agents.offline.replies import Speaker

_STATUS = {
    "fr": {"available": "disponible", "claimed": "réservé", "purchased": "acheté",
           "pending": "en attente de paiement", "completed": "payée", "failed": "échouée",
           "canceled": "annulée", "refunded": "remboursée"},
    "en": {"pending": "awaiting payment"},
}  # fmt: skip


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


RENDERERS: dict[str, Callable[[dict[str, Any], Speaker], str]] = {
    "get_item_details": _details, "add_to_list": _added, "remove_from_list": _removed,
    "move_gift": _moved, "show_gift_list": _list_view, "list_gift_lists": _lists,
    "create_gift_list": _created, "rename_gift_list": _renamed, "share_list": _shared,
    "mark_purchased": _purchased, "start_purchase": _order, "show_orders": _orders,
    "remember_recipient": _recipient, "show_recipients": _recipients,
    "forget_recipient": _forgotten, "set_preferences": _preferences,
    "make_group_gift": grouped, "set_reveal_date": revealed,
    "archive_received": archived, "copy_gift_list": copied,
    "import_gift_from_url": imported,
}  # fmt: skip
