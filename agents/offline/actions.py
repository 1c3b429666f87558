"""Decisions about items and gifts: add, remove, move, mark bought, buy, details, orders.

Each function turns an understood `Request` into the tool call an LLM would
make, or into a short question when the message does not say which item.
Identity never appears here: the tools take the user from the graph's context.
"""

from __future__ import annotations

import re

from agents.offline import lists, searching
from agents.offline.conversation import Conversation
from agents.offline.decisions import Decision, Plan, Request, Say, ToolCall, call
from agents.offline.lists import create_list, list_name_in
from agents.offline.references import (
    focused_item,
    list_size,
    match_by_name,
    resolve_gift,
    resolve_items,
)
from agents.offline.slots import ORDINAL_WORDS
from agents.offline.text import clean_phrase, fold

NAMED = "named"  # the plan's change: a search by product name, details to follow
_GOOD_GIFT = re.compile(
    r"\b(?:(?:is|would) (?:this|it|that|the \w+)(?: one)? (?:be )?(?:a )?good "
    r"(?:gift|present|idea)|"
    r"(?:est-ce|c'est|serait|est) (?:que )?(?:un|une) (?:bon|bonne) (?:cadeau|idee))"
)
VERDICT = "verdict"  # the plan's change: details told as a fit for the person
_NAMED_AFTER = re.compile(
    r"(?i:do you (?:have|sell|carry|stock)|have you got|vous (?:avez|vendez)|avez-vous|"
    r"est-ce que (?:vous avez|tu as))\s+(?i:the |a |an |le |la |les |l'|un |une |des )?"
    r"(?P<name>[^?!]+)"
)
ADD_VERB = re.compile(r"\b(ajoute|rajoute|add|mets|put|garde|save)\b")
_TOP = re.compile(
    r"\b(en premier|en tete|en haut|tout en haut|to the top|top|first place|au debut)\b"
)
_BOTTOM = re.compile(r"\b(en dernier|en bas|to the bottom|bottom|a la fin|at the end)\b")
_POSITION = re.compile(r"\b(?:position|place|rang|spot)\s*(?:n°|#)?\s*(\d+)")
_WORD_POSITION = re.compile(r"\b(?:en|to|at|in)\s+(?:the\s+)?(\w+)\s+(?:position|place)\b")
# "add a red scarf to my list": a free-text idea, not a catalogue item.
_FREE_IDEA = re.compile(
    r"\b(?:add|ajoute|rajoute|put|mets)\s+(?:a |an |the |un |une |des |du |de la )?"
    r"(?P<idea>.+?)\s+(?:to|on|in|a|à|dans|sur)\s+(?:my |the |ma |la |mes )?(?:wish)?lists?\b",
    re.IGNORECASE,
)


def add(request: Request, list_name: str | None = None) -> Decision:
    """Add what the message points at; several ordinals add several items."""
    list_name = list_name or list_name_in(request)
    text = _without(request.text, list_name)
    items = resolve_items(text, request.slots.ordinals, request.conversation)
    if items:
        return Plan(
            tuple(call("add_to_list", item_id=item["id"], list_name=list_name) for item in items)
        )
    idea = _free_idea(request, list_name)
    if idea:
        return Plan((call("add_to_list", title=idea, list_name=list_name),))
    return Say("ask_which_item", asked="which_item", action="add")


def create_then_add(request: Request) -> Decision:
    """The list, then the item on it: "crée une liste « Noël » et ajoute le premier"."""
    created = create_list(request)
    if not (isinstance(created, Plan) and ADD_VERB.search(fold(request.text))):
        return created
    then = add(request, list_name=created.calls[0].args["title"])
    return Plan((*created.calls, *then.calls)) if isinstance(then, Plan) else created


def share(request: Request) -> Decision:
    """Share a list; "ajoute le premier et partage-la" adds first, then shares."""
    if ADD_VERB.search(fold(request.text)) and request.slots.ordinals:
        added = add(request)
        if isinstance(added, Plan):
            return Plan((*added.calls, call("share_list", list_name=list_name_in(request))))
    return lists.share(request)


def remove(request: Request) -> Decision:
    return _on_gift(request, "remove_from_list", "remove")


def mark_bought(request: Request) -> Decision:
    return _on_gift(request, "mark_purchased", "mark_bought")


def move(request: Request) -> Decision:
    ordinals = request.slots.ordinals
    list_name = list_name_in(request)
    target = _target_rank(fold(request.text), ordinals)
    if target is None:
        return Say("ask_move", asked="move")
    ranks = list(ordinals)
    if target in ranks:
        ranks.remove(target)  # the rank that names the place is not the gift
    gift = resolve_gift(_without(request.text, list_name), tuple(ranks), request.conversation)
    if gift is None:
        return Say("ask_move", asked="move")
    position = target if target > 0 else (list_size(request.conversation) or 500)
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


def product(request: Request) -> Decision:
    """A product named by the person: find it by name, then tell its details.

    "is this a good gift for my niece?" is about the item in focus; a question with no
    product name in it ("do you have headphones for my son?") is an ordinary gift search.
    """
    if _GOOD_GIFT.search(fold(request.text)):
        items = resolve_items(request.text, request.slots.ordinals, request.conversation)
        item = items[0] if items else focused_item(request.conversation)
        if item:
            return Plan((call("get_item_details", item_id=item["id"]),), change=VERDICT)
    name = product_name(request.text, request.slots.quoted)
    if name is None:
        return searching.recommend(request, insist=True)
    return Plan((call("search_gifts", query=name),), change=NAMED)


def details_of_named(conversation: Conversation) -> ToolCall | None:
    """After a search by name: the details of the item whose title matches that name."""
    turn = conversation.current
    if turn.note.get("change") != NAMED or any(
        x.name == "get_item_details" for x in turn.exchanges
    ):
        return None
    search = next((x for x in reversed(turn.exchanges) if x.name == "search_gifts"), None)
    if search is None or search.failed:
        return None
    results = [
        item for item in (search.result or {}).get("results") or [] if isinstance(item, dict)
    ]
    match = match_by_name(str(search.args.get("query", "")), results)
    return ToolCall("get_item_details", {"item_id": match["id"]}) if match else None


def product_name(text: str, quoted: tuple[str, ...]) -> str | None:
    """The product name: quoted, else what follows "do you have", with a capital or a digit."""
    if quoted:
        return quoted[0]
    found = _NAMED_AFTER.search(text)
    name = clean_phrase(found["name"]) if found else ""
    return name if re.search(r"[A-Z0-9]", name) else None


def orders(request: Request) -> Decision:
    return Plan((call("show_orders"),))


def _on_gift(request: Request, tool: str, action: str) -> Decision:
    list_name = list_name_in(request)
    text = _without(request.text, list_name)
    gift = resolve_gift(text, request.slots.ordinals, request.conversation)
    if gift is None:
        return Say("ask_which_gift", asked="which_gift", action=action)
    return Plan((call(tool, gift=gift, list_name=list_name),))


def _free_idea(request: Request, list_name: str | None) -> str | None:
    """A gift idea typed in quotes or as "add X to my list", when no item was shown."""
    ideas = [name for name in request.slots.quoted if name != list_name]
    if ideas:
        return ideas[0]
    if request.slots.ordinals or request.conversation.recommendations():
        return None  # a rank or a name that matched nothing: ask rather than invent
    match = _FREE_IDEA.search(request.text)
    return clean_phrase(match["idea"])[:200] if match else None


def _target_rank(folded: str, ordinals: tuple[int, ...]) -> int | None:
    """Where the gift goes, as a rank (-1 = last): a number, top/bottom, or the second rank."""
    explicit = _POSITION.search(folded)
    if explicit:
        return int(explicit[1])
    spelled = _WORD_POSITION.search(folded)
    if spelled and spelled[1] in ORDINAL_WORDS:
        return ORDINAL_WORDS[spelled[1]]
    if _TOP.search(folded):
        return 1
    if _BOTTOM.search(folded):
        return -1
    return ordinals[-1] if len(ordinals) > 1 else None


def _without(text: str, name: str | None) -> str:
    """The message without a list name, so list words do not pick a gift."""
    return re.sub(re.escape(name), " ", text, flags=re.IGNORECASE) if name else text
