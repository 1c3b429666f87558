"""The one system message of each model call: rules plus the facts gathered so far.

The same facts travel twice: as text for an LLM and, unchanged, as the dict
`additional_kwargs["songwish_context"]` that the offline model reads.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import SystemMessage

from agents.prompts import FACTS_TEMPLATE, LANGUAGES, SYSTEM_PROMPT, UNKNOWN
from agents.state import State

RECOMMENDATION_FIELDS = ("id", "title", "category", "price", "currency", "price_display")
PREFERENCE_KEYS = ("genres", "instruments", "level", "categories")


def songwish_context(state: State) -> dict[str, Any]:
    """The facts as data (see docs/assistant.md, "System message context")."""
    currency = state.get("currency") or "EUR"
    budget = state.get("budget") or None
    preferences = state.get("preferences") or {}
    return {
        "locale": state.get("locale") or "en",
        "currency": currency,
        "budget": {
            "max": budget.get("max") if budget else None,
            "min": budget.get("min") if budget else None,
            "currency": (budget.get("currency") if budget else None) or currency,
        },
        "recipient": state.get("recipient"),
        "preferences": {key: preferences[key] for key in PREFERENCE_KEYS if preferences.get(key)},
        "last_recommendations": [
            {field: item.get(field) for field in RECOMMENDATION_FIELDS}
            for item in state.get("last_recommendations") or []
        ],
        "active_list": state.get("active_list"),
        "recipients": list(state.get("recipients") or []),
        "usual_budget": state.get("usual_budget"),
    }


def system_message(state: State) -> SystemMessage:
    facts = songwish_context(state)
    text = SYSTEM_PROMPT.format(
        language=LANGUAGES.get(facts["locale"], "English"),
        currency=facts["currency"],
        facts=FACTS_TEMPLATE.format(
            budget=_budget_text(facts["budget"]),
            recipient=facts["recipient"] or UNKNOWN,
            preferences=_json(facts["preferences"]),
            active_list=_json(facts["active_list"]),
            last_recommendations=_json(facts["last_recommendations"]),
            recipients=_json(facts["recipients"]),
            usual_budget=_or_unknown(facts["usual_budget"]),
        ),
    )
    return SystemMessage(content=text, additional_kwargs={"songwish_context": facts})


def _budget_text(budget: dict[str, Any]) -> str:
    if budget["max"] is None and budget["min"] is None:
        return UNKNOWN
    low = _or_unknown(budget["min"])
    high = _or_unknown(budget["max"])
    return f"from {low} to {high} {budget['currency']}"


def _or_unknown(value: object) -> str:
    return UNKNOWN if value is None else str(value)


def _json(value: object) -> str:
    if not value:
        return "none"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
