"""Small checks the scripts use: on arguments (value, record) and on the final state."""

from __future__ import annotations

from statistics import mean
from typing import Any

from tests.evals.harness import Record, Shown, Snapshot


# --- arguments ----------------------------------------------------------------
def at_most(limit: float):
    return lambda value, record: value is not None and value <= limit


def below_average_of(step: int):
    """A ceiling under the mean price of what step `step` showed."""

    def check(value: Any, record: Record) -> bool:
        prices = [item["price"] for item in record.turns[step].shown]
        return value is not None and bool(prices) and value < mean(prices)

    return check


def contains(text: str):
    return lambda value, record: isinstance(value, str) and text.lower() in value.lower()


def shown_titled(step: int, words: str):
    """The id of the item shown at `step` whose title contains `words`."""

    def check(value: Any, record: Record) -> bool:
        ids = [i["id"] for i in record.turns[step].shown if words.lower() in i["title"].lower()]
        return bool(ids) and value == ids[0]

    return check


def cheapest_of(step: int):
    """The id of the cheapest item shown at `step`."""

    def check(value: Any, record: Record) -> bool:
        shown = record.turns[step].shown
        return bool(shown) and value == min(shown, key=lambda item: item["price"])["id"]

    return check


# --- final state ----------------------------------------------------------------
def on_list(step: int, rank: int, title: str | None = None):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        wanted = Shown(step, rank).resolve(record)
        found = snapshot.items_on(title)
        return None if wanted in found else f"{wanted} not on {title or 'any list'}: {found}"

    return check


def list_is(title: str | None, *ranks: tuple[int, int]):
    """The list holds exactly these shown items, in this order."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        wanted = [Shown(step, rank).resolve(record) for step, rank in ranks]
        found = snapshot.items_on(title)
        return None if found == wanted else f"list is {found}, expected {wanted}"

    return check


def idea_on(title: str, idea: str):
    """A free-text gift (no catalogue item) named `idea` is on the list `title`."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        found = [gift["title"] for gift in snapshot.lists.get(title, [])]
        return None if idea in found else f"{idea!r} not on {title!r}: {found}"

    return check


def list_exists(title: str):
    return lambda s, r: None if title in s.lists else f"no list {title!r} in {list(s.lists)}"


def shared(title: str | None = None):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        ok = title in snapshot.shared if title else bool(snapshot.shared)
        return None if ok else f"not shared: {snapshot.shared}"

    return check


def gift_status(step: int, rank: int, status: str):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        wanted = Shown(step, rank).resolve(record)
        statuses = [
            g["status"] for gs in snapshot.lists.values() for g in gs if g["item_id"] == wanted
        ]
        return None if status in statuses else f"{wanted} has status {statuses}"

    return check


def ordered(step: int, rank: int):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        wanted = Shown(step, rank).resolve(record)
        items = [order.item_id for order in snapshot.orders]
        return None if wanted in items else f"no order for {wanted}: {items}"

    return check


def no_orders(snapshot: Snapshot, record: Record) -> str | None:
    return None if not snapshot.orders else f"{len(snapshot.orders)} unexpected order(s)"


def remembers(name: str, **fields: Any):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        found = [p for p in snapshot.recipients if p["name"] == name]
        if not found:
            return f"{name} not remembered: {[p['name'] for p in snapshot.recipients]}"
        wrong = {k: found[0].get(k) for k, v in fields.items() if found[0].get(k) != v}
        return f"{name} has {wrong}" if wrong else None

    return check


def remembers_nobody(snapshot: Snapshot, record: Record) -> str | None:
    return None if not snapshot.recipients else f"still remembered: {snapshot.recipients}"


def prefers(**wanted: Any):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        found = {key: getattr(snapshot, key) for key in wanted}
        return None if found == wanted else f"preferences {found}, expected {wanted}"

    return check
