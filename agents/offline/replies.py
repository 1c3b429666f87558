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

from agents.offline.actions import VERDICT
from agents.offline.conversation import Conversation, Exchange
from agents.offline.people import is_relationship, localized_relationship, relationship_in
from agents.offline.renderers import RENDERERS
from store.money import format_money, to_minor

REPLIES_FILE = Path(__file__).parent / "data" / "replies.yaml"
# The note on a second search of the same turn, and how the reply reads it.
WIDENED = "widened"
FEW_NEW = "few_new"
NOTHING_EXACT = "nothing_exact"
_LEVEL_WORDS = {
    "fr": {"beginner": "débutant", "intermediate": "niveau intermédiaire", "advanced": "confirmé"},
    "en": {"beginner": "beginner", "intermediate": "intermediate", "advanced": "advanced"},
}
_LEVELS = {
    "fr": {"beginner": "débutant", "intermediate": "intermédiaire", "advanced": "confirmé"},
    "en": {"beginner": "a beginner", "intermediate": "an intermediate player",
           "advanced": "an advanced player"},
}  # fmt: skip


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
    exchanges = conversation.current.exchanges
    searches = [x for x in exchanges if x.name == "search_gifts"]
    for exchange in exchanges:
        if exchange.result is None or (len(searches) > 1 and exchange is searches[0]):
            continue  # a search widened by a second one: the reply tells the second
        locale = _locale_after(exchange, locale)
        speaker = Speaker(replies, locale, seed, relationship_in(conversation.current.human))
        change = conversation.current.note.get("change")
        if change == WIDENED:
            change = FEW_NEW if searches[0].args.get("exclude_shown") else NOTHING_EXACT
        block, offered = _render(exchange, speaker, change)
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

    def __init__(self, replies: Replies, locale: str, seed: str, who: str | None = None) -> None:
        self.replies, self.locale, self.seed = replies, locale, seed
        self.who = who  # the relationship this turn's message names, for a verdict

    def __call__(self, key: str, **params: Any) -> str:
        return self.replies.say(key, self.locale, self.seed, **params)


def _render(exchange: Exchange, say: Speaker, change: str | None) -> tuple[str, str | None]:
    """One tool result as text, and what the reply offers next ("add" after ideas)."""
    result = exchange.result or {}
    if "error" in result:
        return say("error", error=str(result["error"]).rstrip(". ")), None
    if exchange.name in ("search_gifts", "more_like_this"):
        return _results(exchange, result, say, change)
    if exchange.name == "get_item_details" and change == VERDICT:
        return _verdict(result.get("item") or {}, say, say.who), None
    renderer = RENDERERS.get(exchange.name)
    return (renderer(result, say), None) if renderer else ("", None)


def _results(
    exchange: Exchange, result: dict[str, Any], say: Speaker, change: str | None
) -> tuple[str, str | None]:
    items = [item for item in result.get("results") or [] if isinstance(item, dict)]
    if not items and result.get("alternatives"):
        why = str(result.get("alternatives_reason") or "").rstrip(". ")
        return say("results_alternatives", reason=why) + "\n\n" + say("results_followup"), "add"
    if not items:
        return say("no_results"), None
    filters = result.get("filters") or {}
    if exchange.name == "more_like_this":
        intro = say("results_similar")
    else:
        intro = _intro(exchange, filters, say, change)
    # The items travel beside the text as cards (JSON in REST): the text introduces them.
    lines = [intro]
    if filters.get("relaxed"):
        lines.append(say("results_relaxed"))
    return " ".join(lines) + "\n\n" + say("results_followup"), "add"


def _verdict(item: dict[str, Any], say: Speaker, who: str | None) -> str:
    """Details told as a fit: the levels and instruments the catalogue gives, for that person."""
    levels = [
        _LEVEL_WORDS.get(say.locale, {}).get(level, level) for level in item.get("levels") or []
    ]
    fits = ", ".join([*levels, *(item.get("instruments") or [])]) or say("verdict_everyone")
    person = localized_relationship(who, say.locale, owner="your") if who else say("verdict_them")
    return say(
        "verdict",
        title=item.get("title", ""),
        price=item.get("price_display") or "-",
        who=person,
        fits=fits,
        description=item.get("description", ""),
    )


def _intro(exchange: Exchange, filters: dict[str, Any], say: Speaker, change: str | None) -> str:
    """The first line, saying how a refinement changed the search ("cheaper, under €40")."""
    for_whom = _for_whom(filters, say.locale)
    budget = _bound(filters, "max_budget", say.locale)
    floor = _bound(filters, "min_budget", say.locale)
    if change == "cheaper" and budget:
        return say("results_cheaper", for_whom=for_whom, budget=budget)
    if change == "pricier" and floor:
        return say("results_pricier", for_whom=for_whom, budget=floor)
    if change == FEW_NEW:
        return say("results_few_new", for_whom=for_whom)
    if change == NOTHING_EXACT:
        return say("results_widened", for_whom=for_whom)
    if change == "level" and filters.get("level"):
        level = _LEVELS.get(say.locale, {}).get(filters["level"], filters["level"])
        return say("results_level", for_whom=for_whom, level=level)
    key = "results_other" if exchange.args.get("exclude_shown") else "results"
    return say(key, for_whom=for_whom)


def _bound(filters: dict[str, Any], key: str, locale: str) -> str:
    """A budget bound of the search as the person reads money ("€40.00"), or ""."""
    amount, currency = filters.get(key), filters.get("currency")
    if not isinstance(amount, int | float) or not isinstance(currency, str):
        return ""
    return format_money(to_minor(amount, currency), currency, locale)


def _for_whom(filters: dict[str, Any], locale: str) -> str:
    """Whom the search was for (" for your sister", " pour Léa"), or nothing."""
    who = str(filters.get("profile") or filters.get("recipient") or "")
    word = "pour" if locale == "fr" else "for"
    if not who:
        return ""
    if is_relationship(who):
        return f" {word} {localized_relationship(who, locale, owner='your')}"
    return f" {word} {who}"
