"""Decisions about the person's own data: people they shop for, language, currency, budget."""

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
from agents.offline.text import fold
from store.money import SUPPORTED_CURRENCIES


def remember(request: Request) -> Decision:
    slots = request.slots
    relationship = slots.recipient or relationship_in(request.text)
    name = proper_name_in(request.text) or saved_person(request)
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
    name = saved_person(request) or proper_name_in(request.text)
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


def saved_person(request: Request) -> str | None:
    """The saved profile the message names, by name or by its one matching relationship."""
    profiles = request.conversation.context.recipients
    name = saved_name_in(request.text, [p.get("name", "") for p in profiles])
    if name:
        return name
    relationship = relationship_in(request.text)
    if not relationship:
        return None
    matches = [p["name"] for p in profiles if p.get("relationship") == relationship]
    return matches[0] if len(matches) == 1 else None
