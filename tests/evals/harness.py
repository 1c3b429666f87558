"""Scripted conversations run through the real assistant, and what they must achieve.

A `Script` is what a person says, turn by turn, with the tool calls each turn
must make (the trajectory) and checks on the saved state at the end (lists,
orders, people, preferences). Wording is never asserted: any reply passes as
long as it is grounded (see `grounding`) and in the person's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agents.assistant import Assistant
from agents.events import ApprovalRequest, Final, ToolEnd, ToolStart
from agents.offline.text import detect_locale
from agents.turns import shown_items
from songwish.services import Services
from store import gifts, lists, profiles, users
from store.models import Order
from tests.evals.grounding import Grounding

Check = Callable[[Any, "Record"], bool]


@dataclass(frozen=True)
class Shown:
    """The id of the item at `rank` (1-based) in the recommendations shown at step `step`."""

    step: int
    rank: int

    def resolve(self, record: Record) -> str:
        return record.turns[self.step].shown[self.rank - 1]["id"]


@dataclass(frozen=True)
class Call:
    """An expected tool call; each arg is a value, a `Shown`, or a predicate (value, record)."""

    tool: str
    args: dict[str, Any] = field(default_factory=dict)

    def problems(self, name: str, args: dict[str, Any], record: Record) -> list[str]:
        if name != self.tool:
            return [f"called {name}, expected {self.tool}"]
        found = []
        for key, wanted in self.args.items():
            value = args.get(key)
            if isinstance(wanted, Shown):
                ok = value == wanted.resolve(record)
            elif callable(wanted):
                ok = bool(wanted(value, record))
            else:
                ok = value == wanted
            if not ok:
                found.append(f"{self.tool}.{key}={value!r} does not satisfy {wanted!r}")
        return found


@dataclass(frozen=True)
class Step:
    """One human message (or an answer to the pending purchase) and the calls it must cause."""

    say: str | None = None
    calls: tuple[Call | str, ...] = ()
    approve: bool | None = None
    pending: bool = False  # a purchase must then wait for approval
    shows: tuple[str, ...] = ()  # data the reply must give (a licence key), not wording
    # The calls are the start of the trajectory; more may follow (a widened search, details).
    then_any: bool = False


@dataclass(frozen=True)
class Script:
    name: str
    locale: str
    steps: tuple[Step, ...]
    final: tuple[Callable[[Snapshot, Record], str | None], ...] = ()
    user: dict[str, Any] = field(default_factory=dict)
    setup: Callable[[Services, str], Any] | None = None  # async (services, user_id)
    # Replies after this step index are in the other language (a language switch).
    switch_language_after: int | None = None


@dataclass
class TurnRecord:
    said: str
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    outputs: list[dict[str, Any]] = field(default_factory=list)
    shown: list[dict[str, Any]] = field(default_factory=list)
    response: str = ""
    pending: dict[str, Any] | None = None


@dataclass
class Record:
    script: Script
    turns: list[TurnRecord] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)

    @property
    def completed(self) -> bool:
        return not self.problems


@dataclass
class Snapshot:
    """What the person's account holds after the conversation."""

    lists: dict[str, list[dict[str, Any]]]
    shared: set[str]
    orders: list[Order]
    recipients: list[dict[str, Any]]
    locale: str
    currency: str
    usual_budget: int | None

    def items_on(self, title: str | None = None) -> list[str | None]:
        chosen = [self.lists[title]] if title else list(self.lists.values())
        return [gift["item_id"] for entries in chosen for gift in entries]


async def run_script(
    assistant: Assistant, services: Services, user_id: str, script: Script, grounding: Grounding
) -> Record:
    record = Record(script)
    session_id = None
    for index, step in enumerate(script.steps):
        turn = TurnRecord(said=step.say or f"<approve={step.approve}>")
        record.turns.append(turn)
        if step.say is not None:
            events = assistant.stream(user_id=user_id, message=step.say, session_id=session_id)
        else:
            events = assistant.resume_stream(
                user_id=user_id, session_id=session_id or "", approve=bool(step.approve)
            )
        async for event in events:
            _absorb(turn, event)
            if isinstance(event, Final):
                session_id = event.turn.session_id
        _check_step(record, index, step, turn)
        record.violations += grounding.violations(turn.response, turn.outputs, step=index)
        _check_language(record, index, turn)
    snapshot = await snapshot_of(services, user_id)
    for check in script.final:
        problem = check(snapshot, record)
        if problem:
            record.problems.append(f"final: {problem}")
    return record


def _absorb(turn: TurnRecord, event: object) -> None:
    if isinstance(event, ToolStart):
        turn.calls.append((event.name, event.input))
    elif isinstance(event, ToolEnd):
        turn.outputs.append(event.output)
        if event.name in ("search_gifts", "more_like_this"):
            turn.shown = shown_items(event.output)
    elif isinstance(event, ApprovalRequest):
        turn.outputs.append(event.payload)
    elif isinstance(event, Final):
        turn.response = event.turn.response
        turn.pending = event.turn.pending_approval


def _check_step(record: Record, index: int, step: Step, turn: TurnRecord) -> None:
    where = f"step {index} ({turn.said!r})"
    expected = [Call(c) if isinstance(c, str) else c for c in step.calls]
    names = [name for name, _ in turn.calls]
    if step.then_any:
        names = names[: len(expected)]
    if names != [call.tool for call in expected]:
        record.problems.append(
            f"{where}: trajectory {names}, expected {[c.tool for c in expected]}"
        )
        return
    for call, (name, args) in zip(expected, turn.calls[: len(expected)], strict=True):
        record.problems += [f"{where}: {p}" for p in call.problems(name, args, record)]
    errors = [output["error"] for output in turn.outputs if "error" in output]
    if errors:
        record.problems.append(f"{where}: tool error {errors}")
    if step.pending != (turn.pending is not None):
        record.problems.append(f"{where}: pending approval is {turn.pending!r}")
    if not turn.response.strip():
        record.problems.append(f"{where}: empty reply")
    missing = [text for text in step.shows if text not in turn.response]
    if missing:
        record.problems.append(f"{where}: reply does not show {missing}")


def _check_language(record: Record, index: int, turn: TurnRecord) -> None:
    locale = record.script.locale
    switch = record.script.switch_language_after
    if switch is not None and index >= switch:
        locale = "en" if locale == "fr" else "fr"
    # Titles (in bold) and links are catalogue data, often English whatever the language.
    words = re.sub(r"\*\*.+?\*\*|https?://\S+", " ", turn.response)
    found = {detect_locale(words, default) for default in ("fr", "en")}
    if found == {"fr" if locale == "en" else "en"}:  # clearly the other language
        record.problems.append(f"step {index}: reply not in {locale}: {turn.response[:80]!r}")


async def snapshot_of(services: Services, user_id: str) -> Snapshot:
    from sqlalchemy import select

    async with services.database.session() as session:
        user = await users.get_user(session, user_id=user_id)
        by_title: dict[str, list[dict[str, Any]]] = {}
        shared: set[str] = set()
        for gift_list in await lists.list_lists(session, user_id=user_id):
            if gift_list.share_token and not gift_list.share_revoked:
                shared.add(gift_list.title)
            entries = await gifts.list_gifts(session, user_id=user_id, list_id=gift_list.id)
            by_title[gift_list.title] = [
                {"item_id": g.item_id, "title": g.title, "status": g.status.value} for g in entries
            ]
        orders = list(await session.scalars(select(Order).where(Order.user_id == user_id)))
        saved = await profiles.list_recipients(session, user_id=user_id)
        people = [profiles.profile_summary(profile) for profile in saved]
    return Snapshot(by_title, shared, orders, people, user.locale, user.currency, user.usual_budget)
