"""Which item or gift "the second one", "le vinyle de Miles Davis" or "it" points at.

Items are catalogue recommendations (resolved to an `item_id`); gifts are
entries of a gift list (resolved to a 1-based position or a title, as the
list tools accept). Ranks count in the order things were shown.
"""

from __future__ import annotations

import re
from typing import Any

from agents.offline.conversation import SEARCH_TOOLS, Conversation
from agents.offline.slots import categories_in, quoted_names
from agents.offline.text import COMMON_WORDS, fold, word_set, words
from agents.turns import shown_items

_PRONOUN = re.compile(
    r"(?<!\w)(it|this|that|that one|this one|celui-ci|celui-la|celle-ci|celle-la|"
    r"ca|cela|le|la)(?!\w)|(?<!\w)l'|-(le|la)\b"
)
_CHEAPEST = re.compile(r"\b(cheapest|least expensive|les? moins chers?|la moins chere)\b")
_DEAREST = re.compile(r"\b(most expensive|priciest|les? plus chers?|la plus chere)\b")
# Words too generic to identify an item by name.
_GENERIC = word_set(
    """one ones gift gifts item items list liste cadeau cadeaux un une the le la les ma mon my it
    this that celui celle article articles thing chose truc please stp svp"""
)


def pick(items: list[Any], rank: int) -> Any | None:
    """The item at a 1-based rank (-1 = last), or None when out of range."""
    if not items:
        return None
    index = len(items) - 1 if rank == -1 else rank - 1
    return items[index] if 0 <= index < len(items) else None


def match_by_name(text: str, candidates: list[dict[str, Any]], key: str = "title") -> Any | None:
    """The candidate whose title shares the most distinctive words with `text`, if unique."""
    said = {word for word in words(text) if _distinctive(word)}
    scored = []
    for candidate in candidates:
        title_words = {word for word in words(str(candidate.get(key, ""))) if _distinctive(word)}
        overlap = len(said & title_words)
        if overlap:
            scored.append((overlap / (len(title_words) or 1) + overlap, candidate))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def names_extreme(text: str) -> bool:
    """A pick among what was shown ("the cheapest one", "le plus cher"), not a new search."""
    folded = fold(text)
    return bool(_CHEAPEST.search(folded) or _DEAREST.search(folded))


def by_price(text: str, shown: list[dict[str, Any]]) -> dict[str, Any] | None:
    priced = [item for item in shown if isinstance(item.get("price"), int | float)]
    if not priced:
        return None
    folded = fold(text)
    if _CHEAPEST.search(folded):
        return min(priced, key=lambda item: item["price"])
    if _DEAREST.search(folded):
        return max(priced, key=lambda item: item["price"])
    return None


def mentions_pronoun(text: str) -> bool:
    return bool(_PRONOUN.search(text.lower()))


def focused_item(conversation: Conversation) -> dict[str, Any] | None:
    """What "it" means: the item just detailed, else the first recommendation."""
    details = conversation.last_exchange("get_item_details")
    search = conversation.last_exchange(*SEARCH_TOOLS)
    if details and conversation.newer(details, search):
        item = (details.result or {}).get("item")
        if isinstance(item, dict) and item.get("id"):
            return item
    recommendations = conversation.recommendations()
    return recommendations[0] if recommendations else None


def resolve_items(
    text: str, ordinals: tuple[int, ...], conversation: Conversation
) -> list[dict[str, Any]]:
    """Recommended items the message points at, in the order it names them."""
    shown = conversation.recommendations()
    ranked = [item for item in (pick(shown, rank) for rank in ordinals) if item]
    if ranked:
        return ranked
    extreme = by_price(text, shown)
    if extreme:
        return [extreme]
    titled = _titled(text, conversation)
    if titled:
        return [titled]
    named = match_by_name(text, shown)
    if named:
        return [named]
    if mentions_pronoun(text) or _only_filler(text):
        item = focused_item(conversation)
        return [item] if item else []
    return []


def _titled(text: str, conversation: Conversation) -> dict[str, Any] | None:
    """The item whose exact title is quoted (a card's button: « title »), shown at any time."""
    quoted = {fold(name) for name in quoted_names(text)}
    if not quoted:
        return None
    return next((i for i in seen_items(conversation) if fold(str(i["title"])) in quoted), None)


def seen_items(conversation: Conversation) -> list[dict[str, Any]]:
    """Every catalogue item shown in this conversation, latest first, each once."""
    seen: dict[str, dict[str, Any]] = {}
    for exchange in reversed(conversation.exchanges()):
        result = exchange.result or {}
        detailed = [result["item"]] if isinstance(result.get("item"), dict) else []
        for item in [*shown_items(result), *detailed]:
            if item.get("id") and item.get("title"):
                seen.setdefault(str(item["id"]), item)
    return list(seen.values())


def list_gifts(conversation: Conversation) -> list[dict[str, Any]]:
    """Gifts of the list shown most recently in this conversation."""
    view = conversation.last_exchange("show_gift_list")
    gift_list = (view.result or {}).get("list") if view else None
    return list(gift_list.get("gifts", [])) if isinstance(gift_list, dict) else []


def list_size(conversation: Conversation) -> int | None:
    """Gifts on the list last shown, counting what was added or removed since."""
    view = conversation.last_exchange("show_gift_list")
    if view is None:
        return None
    size = len(list_gifts(conversation))
    for exchange in conversation.exchanges():
        if conversation.newer(exchange, view) and not exchange.failed:
            size += {"add_to_list": 1, "remove_from_list": -1}.get(exchange.name, 0)
    return max(size, 0)


def resolve_gift(text: str, ordinals: tuple[int, ...], conversation: Conversation) -> str | None:
    """A list entry as the list tools take it: a 1-based position, or a title."""
    gifts = list_gifts(conversation)
    if ordinals:
        rank = ordinals[0]
        if rank > 0:
            return str(rank)
        size = list_size(conversation)
        return str(size) if size else None
    named = (
        match_by_name(text, gifts)
        or match_by_name(text, conversation.recommendations())
        or _by_category(text, conversation.recommendations())
    )
    if named:
        return str(named["title"])
    if mentions_pronoun(text) or _only_filler(text):
        return _last_touched_title(conversation)
    phrase = " ".join(word for word in words(text) if _distinctive(word))
    return phrase or None


def _by_category(text: str, shown: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The one shown item of the category the words name ("le livre", "the headphones")."""
    categories = set(categories_in(text))
    matching = [item for item in shown if item.get("category") in categories]
    return matching[0] if len(matching) == 1 else None


def _last_touched_title(conversation: Conversation) -> str | None:
    """What "it" means on a list: the gift just added, else the item in focus."""
    added = conversation.last_exchange("add_to_list")
    focus = conversation.last_exchange("get_item_details", *SEARCH_TOOLS)
    if added and conversation.newer(added, focus):
        return str((added.result or {}).get("added", {}).get("title") or "") or None
    item = focused_item(conversation)
    return str(item["title"]) if item else None


def _distinctive(word: str) -> bool:
    return len(word) > 2 and word not in _GENERIC and word not in COMMON_WORDS


def _only_filler(text: str) -> bool:
    """A message with no distinctive word ("add it please", "je le prends")."""
    return not any(_distinctive(word) for word in words(text))
