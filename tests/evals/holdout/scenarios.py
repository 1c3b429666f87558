"""Shapes of conversation that both languages repeat with their own words.

A typed purchase decision always goes: a search, "buy the first one" (the
confirmation waits), then the person types their answer instead of clicking;
optionally they click the stale button of the old card afterwards.
"""

from __future__ import annotations

from typing import Any

from tests.evals.checks import no_orders, ordered
from tests.evals.harness import Call, Script, Shown, Step
from tests.evals.holdout.checks import nothing_pending, orders_count

SEARCH = "search_gifts"


def typed_decision(
    name: str,
    locale: str,
    request: str,
    buy: str,
    typed: str,
    *,
    approved: bool,
    stale_click: bool = False,
    user: dict[str, Any] | None = None,
) -> Script:
    steps = [
        Step(request, (SEARCH,)),
        Step(buy, (Call("start_purchase", {"item_id": Shown(0, 1)}),), pending=True),
        Step(typed),
    ]
    if stale_click:  # the old card's button, after the typed answer settled it
        steps.append(Step(approve=True))
    outcome = (ordered(0, 1), orders_count(1)) if approved else (no_orders,)
    return Script(
        name,
        locale,
        tuple(steps),
        final=(*outcome, nothing_pending),
        user=user or {"locale": locale},
    )


# Kinds of thing asked for, as retrieval predicates over the catalogue.
HEADPHONES = {
    "category": ["audio_gear", "studio_recording", "kids"],
    "title": ["headphones", "airpods", "in-ear"],
    "not_title": ["keyboard"],
}
TURNTABLE = {"category": ["audio_gear"], "title": ["turntable"]}
SPEAKERS = {"category": ["audio_gear"], "title": ["speaker"]}
VINYL = {"category": ["vinyl_cd"]}
