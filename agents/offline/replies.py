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
from agents.offline.renderers import RENDERERS

REPLIES_FILE = Path(__file__).parent / "data" / "replies.yaml"
_REASON_LIMIT = 140


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
    renderer = RENDERERS.get(exchange.name)
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
