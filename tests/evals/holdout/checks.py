"""Final-state checks the held-out conversations add to `tests.evals.checks`.

They judge what a turn showed (ids, prices, currencies) against the catalogue
itself, so "cheaper", "something else", "within budget" and "the right kind
of thing" do not depend on how the search ranked or worded anything.
"""

from __future__ import annotations

from functools import cache
from statistics import mean
from typing import Any

from knowledge.catalog import CatalogItem, load_catalog
from tests.evals.grounding import mentions
from tests.evals.harness import Record, Snapshot
from tests.evals.holdout.retrieval import matches

FinalCheck = Any  # (Snapshot, Record) -> str | None, as tests.evals.checks
# Money marks that betray another currency than the expected one.
FOREIGN_MARKS = {
    "USD": ("€", "£", "¥", "CA$", "A$", "$CA", "$AU", "EUR", "GBP", "CAD"),
    "EUR": ("$", "£", "¥", "USD", "GBP", "CAD"),
    "GBP": ("$", "€", "¥", "USD", "EUR", "CAD"),
    "CAD": ("€", "£", "¥", "US$", "$US", "USD", "EUR", "GBP"),
}


@cache
def catalogue() -> dict[str, CatalogItem]:
    return {item.id: item for item in load_catalog()}


def _shown(record: Record, step: int) -> list[dict[str, Any]]:
    return record.turns[step].shown if step < len(record.turns) else []


def shows_some(step: int) -> FinalCheck:
    """Never an empty answer: step `step` showed at least one item."""
    return lambda s, r: None if _shown(r, step) else f"step {step} showed no item"


def shows_matching(step: int, **predicate: Any) -> FinalCheck:
    """At least one item shown at `step` is of the kind asked (a retrieval predicate)."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        ids = [item["id"] for item in _shown(record, step)]
        if any(matches(catalogue()[i], predicate) for i in ids if i in catalogue()):
            return None
        return f"step {step} showed nothing matching {predicate}: {ids}"

    return check


def shows_item(step: int, item_id: str) -> FinalCheck:
    def check(snapshot: Snapshot, record: Record) -> str | None:
        ids = [item["id"] for item in _shown(record, step)]
        return None if item_id in ids else f"step {step} did not show {item_id}: {ids}"

    return check


def within(step: int, amount: float, currency: str, *, shown_in: str | None = None,
           slack: float = 1.0) -> FinalCheck:  # fmt: skip
    """Every item shown at `step` costs at most `amount` `currency` (its catalogue price).

    `shown_in`: the currency the cards must use when it differs from the budget's
    (a budget given in euros, then prices switched to Canadian dollars);
    `slack` then allows for the conversion.
    """

    def check(snapshot: Snapshot, record: Record) -> str | None:
        shown = _shown(record, step)
        if not shown:
            return f"step {step} showed no item"
        wrong = [i["currency"] for i in shown if i["currency"] != (shown_in or currency)]
        over = [
            i["id"]
            for i in shown
            if (catalogue()[i["id"]].price_in(currency) or 0) > amount * 100 * slack
        ]
        if wrong:
            return f"step {step} shown in {wrong}, expected {shown_in or currency}"
        return f"step {step} over {amount} {currency}: {over}" if over else None

    return check


def differs(before: int, after: int) -> FinalCheck:
    """A refinement changed the results: at least half of what `after` shows is new."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        old = {i["id"] for i in _shown(record, before)}
        new = [i["id"] for i in _shown(record, after)]
        fresh = [i for i in new if i not in old]
        if new and 2 * len(fresh) >= len(new):
            return None
        return f"step {after} repeats step {before}: {new} vs {sorted(old)}"

    return check


def cheaper(before: int, after: int) -> FinalCheck:
    """A "cheaper" refinement: the new results cost less on average than the ones before."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        old = [i["price"] for i in _shown(record, before)]
        new = [i["price"] for i in _shown(record, after)]
        if old and new and mean(new) < mean(old):
            return None
        return f"step {after} not cheaper than step {before}: {new} vs {old}"

    return check


def one_currency(code: str) -> FinalCheck:
    """Cards, confirmation, replies and orders all in `code`, never another currency."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        found = []
        for index, turn in enumerate(record.turns):
            found += [f"step {index} card {i['currency']}" for i in turn.shown
                      if i["currency"] != code]  # fmt: skip
            shown = (turn.pending or {}).get("price_display") or ""
            found += [f"step {index} confirmation {shown}" for mark in FOREIGN_MARKS[code]
                      if mark in shown]  # fmt: skip
            found += [
                f"step {index} reply {written!r}"
                for written in mentions(turn.response).values()
                if any(mark in written for mark in FOREIGN_MARKS[code])
            ]
        found += [f"order in {o.currency}" for o in snapshot.orders if o.currency != code]
        return "; ".join(found) or None

    return check


def orders_count(count: int) -> FinalCheck:
    def check(snapshot: Snapshot, record: Record) -> str | None:
        found = len(snapshot.orders)
        return None if found == count else f"{found} order(s), expected {count}"

    return check


def reply_links_share(step: int) -> FinalCheck:
    """The share reply carries the link itself, not only "your list is shared"."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        turn = record.turns[step]
        urls = [o["shared"]["url"] for o in turn.outputs if isinstance(o.get("shared"), dict)]
        if urls and all(url in turn.response for url in urls):
            return None
        return f"step {step} reply lacks the share link {urls}: {turn.response[:120]!r}"

    return check


def nothing_pending(snapshot: Snapshot, record: Record) -> str | None:
    last = record.turns[-1]
    return None if last.pending is None else f"still pending: {last.pending}"
