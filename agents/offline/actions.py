"""Decisions for everything but searching: lists, gifts, purchases, people, preferences.

Each function turns a understood `Request` into the tool call an LLM would
make, or into a short question when the message does not say enough (which
item, which name). Identity never appears here: the tools take the user from
the graph's context.
"""

from __future__ import annotations

import re
from typing import Any

from agents.offline.decisions import Decision, Plan, Request, Say, call
from agents.offline.money import mentioned_currency, parse_budget
from agents.offline.people import (
    localized_relationship,
    proper_name_in,
    relationship_in,
    saved_name_in,
)
from agents.offline.references import list_size, resolve_gift, resolve_items
from agents.offline.slots import called_name, occasion_in
from agents.offline.text import clean_phrase, fold
from store.money import SUPPORTED_CURRENCIES

_ADD_VERB = re.compile(r"\b(ajoute|rajoute|add|mets|put|garde|save)\b")
_SHARE_VERB = re.compile(r"\b(partage|share)\b")
_LIST_WORD = r"(?:liste|list|to|a|dans|in|on|sur)"
_TOP = re.compile(
    r"\b(en premier|en tete|en haut|tout en haut|to the top|top|first place|au debut)\b"
)
_BOTTOM = re.compile(r"\b(en dernier|en bas|to the bottom|bottom|a la fin|at the end)\b")
_POSITION = re.compile(r"\b(?:position|place|rang|spot)\s*(?:n°|#)?\s*(\d+)")
_RENAME_TO = re.compile(r"\b(?:en|to|as|into|par)\s+(?P<name>[^,.!?]+)$", re.IGNORECASE)
_LIST_FOR = re.compile(r"\b(?:liste|list)\s+(?:pour|for)\s+(?P<name>[^,.!?]+)$", re.IGNORECASE)


def add(request: Request, list_name: str | None = None) -> Decision:
    """Add what the message points at; several ordinals add several items."""
    list_name = list_name or _list_name(request)
    items = resolve_items(
        _without(request.text, list_name), request.slots.ordinals, request.conversation
    )
    if items:
        return Plan(
            tuple(call("add_to_list", item_id=item["id"], list_name=list_name) for item in items)
        )
    free_titles = [name for name in request.slots.quoted if name != list_name]
    if free_titles:
        return Plan((call("add_to_list", title=free_titles[0], list_name=list_name),))
    return Say("ask_which_item", asked="which_item", action="add")


def create_list(request: Request) -> Decision:
    title = _new_list_title(request)
    if not title:
        return Say("ask_list_name", asked="list_name")
    occasion = request.slots.occasion or occasion_in(title)
    created = call("create_gift_list", title=title, occasion=occasion)
    if _ADD_VERB.search(fold(request.text)) and request.slots.ordinals:
        then = add(request, list_name=title)
        if isinstance(then, Plan):
            return Plan((created, *then.calls))
    return Plan((created,))


def name_new_list(request: Request) -> Decision:
    """The answer to "what should I call it?"."""
    title = (request.slots.quoted or (clean_phrase(request.text),))[0]
    return Plan((call("create_gift_list", title=title[:200], occasion=request.slots.occasion),))


def rename_list(request: Request) -> Decision:
    quoted = request.slots.quoted
    if len(quoted) >= 2:
        return Plan((call("rename_gift_list", new_title=quoted[1], list_name=quoted[0]),))
    new_title = quoted[0] if quoted else _rename_target(request.text)
    if not new_title:
        return Say("ask_new_title", asked="new_title")
    old = _known_list_in(request, exclude=new_title)
    return Plan((call("rename_gift_list", new_title=new_title, list_name=old),))


def give_new_title(request: Request) -> Decision:
    """The answer to "what should the new name be?"."""
    title = (request.slots.quoted or (clean_phrase(request.text),))[0]
    return Plan((call("rename_gift_list", new_title=title[:200]),))


def show_list(request: Request) -> Decision:
    return Plan((call("show_gift_list", list_name=_list_name(request)),))


def list_lists(request: Request) -> Decision:
    return Plan((call("list_gift_lists"),))


def share(request: Request) -> Decision:
    return Plan((call("share_list", list_name=_list_name(request)),))


def remove(request: Request) -> Decision:
    return _on_gift(request, "remove_from_list", "remove")


def mark_bought(request: Request) -> Decision:
    return _on_gift(request, "mark_purchased", "mark_bought")


def move(request: Request) -> Decision:
    ordinals = request.slots.ordinals
    folded = fold(request.text)
    list_name = _list_name(request)
    count = list_size(request.conversation) or 0
    target = _target_rank(folded, ordinals)
    if target is None:
        return Say("ask_move", asked="move")
    ranks = list(ordinals)
    if target in ranks:
        ranks.remove(target)  # the rank that names the place is not the gift
    gift = resolve_gift(_without(request.text, list_name), tuple(ranks), request.conversation)
    if gift is None:
        return Say("ask_move", asked="move")
    position = target if target > 0 else (count or 500)
    return Plan((call("move_gift", gift=gift, position=position, list_name=list_name),))


def buy(request: Request) -> Decision:
    """Propose a purchase; the graph asks the person to approve it."""
    conversation = request.conversation
    view = conversation.last_exchange("show_gift_list")
    search = conversation.last_exchange("search_gifts", "more_like_this", "get_item_details")
    if view and conversation.newer(view, search):
        gift = resolve_gift(request.text, request.slots.ordinals, conversation)
        if gift:
            return Plan((call("start_purchase", gift=gift),))
    items = resolve_items(request.text, request.slots.ordinals, conversation)
    if items:
        return Plan((call("start_purchase", item_id=items[0]["id"]),))
    return Say("ask_which_item", asked="which_item", action="buy")


def details(request: Request) -> Decision:
    items = resolve_items(request.text, request.slots.ordinals, request.conversation)
    if not items:
        return Say("ask_which_item", asked="which_item", action="details")
    return Plan((call("get_item_details", item_id=items[0]["id"]),))


def orders(request: Request) -> Decision:
    return Plan((call("show_orders"),))


def remember(request: Request) -> Decision:
    slots = request.slots
    relationship = slots.recipient or relationship_in(request.text)
    name = proper_name_in(request.text) or _saved_name(request)
    if not name and relationship:
        name = localized_relationship(relationship, request.locale)
    if not name:
        return Say("ask_who_to_remember", asked="remember")
    budget = slots.budget.max if slots.budget else None
    args: dict[str, Any] = {
        "name": name, "relationship": relationship, "tastes": list(slots.genres) or None,
        "instruments": list(slots.instruments) or None, "skill_level": slots.level,
        "occasion": slots.occasion, "budget": budget,
    }  # fmt: skip
    return Plan((call("remember_recipient", **args),))


def show_recipients(request: Request) -> Decision:
    return Plan((call("show_recipients"),))


def forget(request: Request) -> Decision:
    name = _saved_name(request) or proper_name_in(request.text)
    relationship = relationship_in(request.text)
    if not name and relationship:
        name = localized_relationship(relationship, request.locale)
    if not name:
        return Say("ask_who_to_forget", asked="forget")
    return Plan((call("forget_recipient", name=name),))


def set_currency(request: Request) -> Decision:
    currency = mentioned_currency(request.text, request.currency)
    if currency is None:
        return Say("ask_currency", asked="currency")
    if currency not in SUPPORTED_CURRENCIES:
        return Say("unsupported_currency", {"currency": currency})
    return Plan((call("set_preferences", currency=currency),))


def set_language(request: Request) -> Decision:
    folded = fold(request.text)
    language = "fr" if re.search(r"\b(francais|french)\b", folded) else "en"
    return Plan((call("set_preferences", language=language),))


def set_budget(request: Request) -> Decision:
    budget = parse_budget(request.text, request.currency, bare_number=True)
    if budget is None:
        return Say("ask_usual_budget", asked="usual_budget")
    amount = budget.max if budget.max is not None else budget.min
    currency = budget.currency if budget.currency != request.currency else None
    return Plan((call("set_preferences", usual_budget=amount, currency=currency),))


def then_share(plan: Plan, request: Request) -> Plan:
    """One more call after the others for "add the first one and share the list"."""
    if _SHARE_VERB.search(fold(request.text)):
        return Plan((*plan.calls, call("share_list", list_name=_list_name(request))))
    return plan


# --- helpers ------------------------------------------------------------------
def _on_gift(request: Request, tool: str, action: str) -> Decision:
    list_name = _list_name(request)
    gift = resolve_gift(
        _without(request.text, list_name), request.slots.ordinals, request.conversation
    )
    if gift is None:
        return Say("ask_which_gift", asked="which_gift", action=action)
    return Plan((call(tool, gift=gift, list_name=list_name),))


def _list_name(request: Request) -> str | None:
    """A quoted name that follows "list"/"liste"/"to"/"dans", else a known title named."""
    for name in request.slots.quoted:
        if re.search(rf"\b{_LIST_WORD}\s*[\"'«“‘]\s*{re.escape(fold(name))}", fold(request.text)):
            return name
    return _known_list_in(request)


def _known_list_in(request: Request, exclude: str | None = None) -> str | None:
    folded = fold(request.text)
    for title in sorted(request.conversation.list_titles(), key=len, reverse=True):
        if title != exclude and re.search(rf"(?<!\w){re.escape(fold(title))}(?!\w)", folded):
            return title
    return None


def _new_list_title(request: Request) -> str | None:
    if request.slots.quoted:
        return request.slots.quoted[0]
    named = called_name(request.text)
    if named:
        return named[:200]
    match = _LIST_FOR.search(request.text)
    return clean_phrase(match["name"])[:200] if match else None


def _rename_target(text: str) -> str | None:
    match = _RENAME_TO.search(text)
    return clean_phrase(match["name"]) if match else called_name(text)


def _target_rank(folded: str, ordinals: tuple[int, ...]) -> int | None:
    """Where the gift goes, as a rank (-1 = last): a number, top/bottom, or the second rank."""
    explicit = _POSITION.search(folded)
    if explicit:
        return int(explicit[1])
    if _TOP.search(folded):
        return 1
    if _BOTTOM.search(folded):
        return -1
    return ordinals[-1] if len(ordinals) > 1 else None


def _saved_name(request: Request) -> str | None:
    profiles = request.conversation.context.recipients
    name = saved_name_in(request.text, [p.get("name", "") for p in profiles])
    if name:
        return name
    relationship = relationship_in(request.text)
    if not relationship:
        return None
    matches = [p["name"] for p in profiles if p.get("relationship") == relationship]
    return matches[0] if len(matches) == 1 else None


def _without(text: str, name: str | None) -> str:
    """The message without a list name, so list words do not pick a gift."""
    return re.sub(re.escape(name), " ", text, flags=re.IGNORECASE) if name else text
