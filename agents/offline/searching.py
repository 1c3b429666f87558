"""Search decisions: a first request, its refinements, and "cheaper" or "something else".

A refinement starts from the arguments of the last search call in the thread,
as an LLM rereading its own tool call would: "plutôt un vinyle" keeps the
query and swaps the categories, "cheaper" lowers the ceiling under what was
shown, "something else" excludes the items already shown.
"""

from __future__ import annotations

import math
from statistics import mean
from typing import Any

from agents.offline.conversation import Conversation
from agents.offline.decisions import Decision, Plan, Request, Say, ToolCall, call
from agents.offline.money import without_amounts
from agents.offline.people import saved_name_in
from agents.offline.references import resolve_items
from agents.offline.slots import Slots, read_slots

ASK_WHO_BUDGET = "who_budget"
_SEARCH_FIELDS = (
    "query", "max_budget", "min_budget", "currency", "categories", "recipient", "level",
    "instrument", "genre", "fulfilment",
)  # fmt: skip
_PERSONAL_FIELDS = ("level", "instrument", "genre")
# Shown ideas that would come back within a refinement's bounds before they are skipped.
_REPEATS = 3


def recommend(request: Request, *, insist: bool = False) -> Decision:
    """A new search; asks who and what budget first when neither is known."""
    conversation = request.conversation
    previous = conversation.previous
    answering = previous is not None and previous.note.get("asked") == ASK_WHO_BUDGET
    texts = [previous.human, request.text] if answering and previous else [request.text]
    if insist and not answering:
        base = last_search_args(conversation)
        if base:  # "whatever, show me more": another round of the last search
            return _search({**base, "exclude_shown": True})
    slots = _merged_slots(texts, request.currency)
    args = _fresh_args(" ".join(texts), slots, request)
    # "a guitarist", "a jazz fan": an instrument or a taste says enough about the person.
    knows_who = (
        bool(args.get("recipient") or slots.instruments or slots.genres) or slots.age is not None
    )
    knows_budget = args.get("max_budget") is not None or args.get("min_budget") is not None
    if not (knows_who or knows_budget or insist or answering):
        return Say("ask_who_budget", asked=ASK_WHO_BUDGET)
    return _search(args)


def refine(request: Request) -> Decision:
    """The last search with what this message changes; a new person starts afresh."""
    base = last_search_args(request.conversation)
    if base is None:
        return recommend(request)
    slots = request.slots
    args = dict(base)
    recipient = _recipient(slots, request)
    if recipient and recipient != base.get("recipient"):
        # Tastes belong to the other person; the kind of gift and the budget still hold.
        args = {key: value for key, value in args.items() if key not in _PERSONAL_FIELDS}
        args["query"] = f"{without_amounts(request.text)} {_gift_words(args)}".strip()
    same_person = not recipient or recipient == base.get("recipient")
    args = _overlay(args, slots, request, recipient)
    if same_person and slots.level and slots.level != base.get("level"):
        # "for a beginner": new ideas for that level, not the same ones re-sorted.
        return _search({**args, "exclude_shown": True}, "level")
    return _search(args)


def cheaper(request: Request) -> Decision:
    base = last_search_args(request.conversation)
    if base is None:
        return recommend(request)
    args = _overlay(dict(base), request.slots, request, _recipient(request.slots, request))
    if request.slots.budget is None or request.slots.budget.max is None:
        args["max_budget"] = _lower_ceiling(request.conversation, base.get("max_budget"))
        args.pop("min_budget", None)
    return _search(_fresh_ideas(args, request.conversation), "cheaper")


def pricier(request: Request) -> Decision:
    base = last_search_args(request.conversation)
    if base is None:
        return recommend(request)
    args = _overlay(dict(base), request.slots, request, _recipient(request.slots, request))
    prices = _shown_prices(request.conversation)
    if request.slots.budget is None and prices:
        args["min_budget"] = float(math.ceil(mean(prices)))
        args.pop("max_budget", None)
    return _search(_fresh_ideas(args, request.conversation), "pricier")


def something_else(request: Request) -> Decision:
    base = last_search_args(request.conversation)
    if base is None:
        return recommend(request, insist=True)
    args = _overlay(dict(base), request.slots, request, _recipient(request.slots, request))
    return _search({**args, "exclude_shown": True}, "other")


def similar(request: Request) -> Decision:
    items = resolve_items(request.text, request.slots.ordinals, request.conversation)
    if not items:
        return Say("ask_which_item", asked="which_item", action="similar")
    base = last_search_args(request.conversation) or {}
    budget = request.slots.budget
    ceiling = budget.max if budget and budget.max is not None else base.get("max_budget")
    return Plan((call("more_like_this", item_id=items[0]["id"], max_budget=ceiling),))


def widened(conversation: Conversation) -> ToolCall | None:
    """One more search when this turn's search found nothing (or no new idea): never a blank.

    Skipping the ideas already shown goes first; then the budget widens (twice, at least
    20 more) and the kind of gift, genre, instrument and level are let go: the closest
    alternatives. The reply says that nothing matched exactly.
    """
    searches = [x for x in conversation.current.exchanges if x.name == "search_gifts"]
    if len(searches) != 1 or searches[0].result is None or searches[0].failed:
        return None
    first = searches[0]
    found = [item for item in (first.result or {}).get("results") or [] if isinstance(item, dict)]
    args = dict(first.args)
    if args.pop("exclude_shown", False) and len(found) < 2:
        return ToolCall("search_gifts", args)
    if found or (first.result or {}).get("alternatives"):
        return None  # the search itself offered the closest alternatives
    if isinstance(args.get("max_budget"), int | float):
        ceiling = float(args["max_budget"])
        args["max_budget"] = float(math.ceil(max(ceiling * 2, ceiling + 20)))
    args.pop("min_budget", None)
    for narrowing in ("categories", "genre", "instrument", "level", "fulfilment"):
        args.pop(narrowing, None)
    return ToolCall("search_gifts", args) if args != first.args else None


def last_search_args(conversation: Conversation) -> dict[str, Any] | None:
    """The arguments of the most recent search_gifts call (more_like_this has none to reuse)."""
    for turn in reversed(conversation.turns):
        for exchange in reversed(turn.exchanges):
            if exchange.name == "search_gifts":
                args = {k: v for k, v in exchange.args.items() if k in _SEARCH_FIELDS}
                return _in_current_currency(args, exchange, conversation.context)
    return None


def _in_current_currency(args: dict[str, Any], exchange: Any, context: Any) -> dict[str, Any]:
    """A search made before a currency switch, with the budget re-read in the new currency.

    The graph converts the remembered budget when the currency changes; a budget left in
    the old currency would filter the new currency's prices with the wrong numbers.
    """
    filters = (exchange.result or {}).get("filters") or {}
    searched_in = args.get("currency") or filters.get("currency") or context.currency
    if searched_in == context.currency:
        return args
    args.pop("currency", None)
    budget = context.budget or {}
    for bound in ("max", "min"):
        if args.get(f"{bound}_budget") is not None:
            args[f"{bound}_budget"] = (
                budget.get(bound) if budget.get("currency") == context.currency else None
            )
    return {key: value for key, value in args.items() if value is not None}


def _fresh_ideas(args: dict[str, Any], conversation: Conversation) -> dict[str, Any]:
    """Skip what was shown when most of it would come back within the new bounds.

    A cheaper ceiling that still lets most of the shown ideas through would answer
    "cheaper" with the same items; one that removes most of them already changes them.
    """
    low, high = args.get("min_budget"), args.get("max_budget")
    kept = [
        price
        for price in _shown_prices(conversation)
        if (high is None or price <= high) and (low is None or price >= low)
    ]
    return {**args, "exclude_shown": True} if len(kept) >= _REPEATS else args


def _gift_words(args: dict[str, Any]) -> str:
    """The kind of gift kept from the last search, as words for the new query."""
    return " ".join(category.replace("_", " ") for category in args.get("categories") or [])


def _search(args: dict[str, Any], change: str | None = None) -> Plan:
    return Plan((call("search_gifts", **args),), change)


def _merged_slots(texts: list[str], currency: str) -> Slots:
    """Slots of several messages, the later one winning field by field."""
    merged: dict[str, Any] = {}
    for index, text in enumerate(texts):
        answer = index > 0  # a bare "50" answers the budget question
        slots = read_slots(text, currency, bare_number=answer)
        merged.update({k: v for k, v in vars(slots).items() if v not in (None, ())})
    return Slots(**merged)


def _fresh_args(query: str, slots: Slots, request: Request) -> dict[str, Any]:
    """Arguments of a new search: the message first, then what the thread already knows."""
    context = request.conversation.context
    recipient = _recipient(slots, request)
    same_person = recipient is None or recipient == context.recipient
    # What the gift is; the budget travels as a filter, not as words to match.
    args: dict[str, Any] = {"query": (without_amounts(query) or query).strip()[:500]}
    if same_person and context.recipient and not recipient:
        recipient = context.recipient
        args.update(_known_tastes(context.preferences))  # still the same person's tastes
    known = context.budget or {}
    if same_person and slots.budget is None and _has_bound(known):
        args.update(max_budget=known.get("max"), min_budget=known.get("min"))
        if known.get("currency") != request.currency:
            args["currency"] = known.get("currency")
    elif slots.budget is None and context.usual_budget is not None:
        args["max_budget"] = context.usual_budget
    args = _overlay(args, slots, request, recipient)
    return {key: value for key, value in args.items() if value is not None}


def _overlay(
    args: dict[str, Any], slots: Slots, request: Request, recipient: str | None
) -> dict[str, Any]:
    """`args` with every slot the message states replacing the earlier value."""
    if recipient:
        args["recipient"] = recipient
    budget = slots.budget
    if budget is not None:
        args["max_budget"], args["min_budget"] = budget.max, budget.min
        args["currency"] = budget.currency if budget.currency != request.currency else None
    if slots.categories:
        args["categories"] = list(slots.categories)
    if slots.instruments:
        args["instrument"] = slots.instruments[0]
    if slots.genres:
        args["genre"] = slots.genres[0]
    if slots.level:
        args["level"] = slots.level
    if slots.fulfilment:
        args["fulfilment"] = slots.fulfilment
    args.pop("exclude_shown", None)
    return {key: value for key, value in args.items() if value not in (None, [], "")}


def _known_tastes(preferences: dict[str, Any]) -> dict[str, Any]:
    """Genre, instrument and level gathered earlier in the thread, as search arguments."""
    tastes = {
        "genre": (preferences.get("genres") or [None])[0],
        "instrument": (preferences.get("instruments") or [None])[0],
        "level": preferences.get("level"),
    }
    return {key: value for key, value in tastes.items() if value}


def _has_bound(budget: dict[str, Any]) -> bool:
    return budget.get("max") is not None or budget.get("min") is not None


def _recipient(slots: Slots, request: Request) -> str | None:
    """A saved person's name when one is mentioned, else the relationship, else an age group."""
    saved = [profile.get("name", "") for profile in request.conversation.context.recipients]
    name = saved_name_in(request.text, saved)
    if name:
        return name
    if slots.recipient:
        return slots.recipient
    if slots.age is not None:
        return "kid" if slots.age < 13 else "teen" if slots.age < 18 else None
    return None


def _shown_prices(conversation: Conversation) -> list[float]:
    return [
        float(item["price"])
        for item in conversation.recommendations()
        if isinstance(item.get("price"), int | float)
    ]


def _lower_ceiling(conversation: Conversation, previous_max: float | None) -> float | None:
    """Below the average shown (below the cheapest when only one or two were shown)."""
    prices = _shown_prices(conversation)
    if not prices:
        return round(previous_max * 0.7) if previous_max else None
    ceiling = mean(prices) if len(prices) >= 3 else min(prices)
    if previous_max is not None:
        ceiling = min(ceiling, previous_max * 0.8)
    return float(max(1, math.ceil(ceiling) - 1))  # strictly below
