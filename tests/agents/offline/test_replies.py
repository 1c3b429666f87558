"""Reply templates and the grounded answers composed from tool results."""

from __future__ import annotations

import string

import pytest

from agents.offline.conversation import Context, Conversation, Exchange, Turn
from agents.offline.replies import compose, default_replies

RESULTS = {
    "get_item_details": {"item": {"id": "x", "title": "Kind of Blue", "price_display": "€29.99",
                                  "description": "A modal jazz landmark."}},
    "add_to_list": {"added": {"gift_id": "g", "title": "Kind of Blue",
                              "list": {"id": "l", "title": "Birthday"}}},
    "remove_from_list": {"removed": {"title": "Capo"}, "list": {"id": "l", "title": "Birthday"}},
    "move_gift": {"moved": {"title": "Capo", "position": 1}},
    "show_gift_list": {"list": {"id": "l", "title": "Birthday", "share_url": "http://s/t",
                                "gifts": [{"id": "g", "position": 1, "title": "Capo",
                                           "price_display": "€14.99", "status": "claimed"}]}},
    "list_gift_lists": {"lists": [{"id": "l", "title": "Birthday", "gift_count": 2,
                                   "shared": True}]},
    "create_gift_list": {"created": {"id": "l", "title": "Birthday"}},
    "rename_gift_list": {"renamed": {"id": "l", "old_title": "Birthday", "title": "Xmas"}},
    "share_list": {"shared": {"list_title": "Birthday", "url": "http://s/t"}},
    "mark_purchased": {"purchased": {"title": "Capo"}},
    "start_purchase": {"order": {"id": "o", "status": "pending", "checkout_url": "http://pay",
                                 "total_display": "€79.00", "title": "Piano Tutor"}},
    "show_orders": {"orders": [{"id": "o", "title": "Piano Tutor", "status": "completed",
                                "total_display": "€79.00", "licences": ["KEY-1"]}]},
    "remember_recipient": {"recipient": {"name": "Léa", "tastes": ["jazz"], "instruments": [],
                                         "skill_level": "beginner", "budget_display": "€50.00"}},
    "show_recipients": {"recipients": [{"name": "Léa", "tastes": ["jazz"], "instruments": []}]},
    "forget_recipient": {"forgotten": "Léa"},
    "set_preferences": {"preferences": {"locale": "en", "currency": "GBP",
                                        "usual_budget_display": "£40.00"}},
}  # fmt: skip
# What each answer must repeat from its result.
MUST_SHOW = {
    "get_item_details": ["Kind of Blue", "€29.99", "A modal jazz landmark."],
    "add_to_list": ["Kind of Blue", "Birthday"],
    "remove_from_list": ["Capo", "Birthday"],
    "move_gift": ["Capo", "1"],
    "show_gift_list": ["Capo", "€14.99", "http://s/t"],
    "list_gift_lists": ["Birthday", "2"],
    "create_gift_list": ["Birthday"],
    "rename_gift_list": ["Birthday", "Xmas"],
    "share_list": ["http://s/t"],
    "mark_purchased": ["Capo"],
    "start_purchase": ["Piano Tutor", "€79.00", "http://pay"],
    "show_orders": ["Piano Tutor", "€79.00", "KEY-1"],
    "remember_recipient": ["Léa", "jazz", "€50.00"],
    "show_recipients": ["Léa", "jazz"],
    "forget_recipient": ["Léa"],
    "set_preferences": ["GBP", "£40.00"],
}


def answer(tool: str, result: dict, locale: str = "en") -> tuple[str, dict]:
    turn = Turn(human="x", exchanges=[Exchange("c1", tool, {}, result)])
    return compose(Conversation(Context(locale=locale), [turn], True, 3), locale)


@pytest.mark.parametrize("tool", sorted(RESULTS))
@pytest.mark.parametrize("locale", ["en", "fr"])
def test_every_result_is_told_with_its_data(tool: str, locale: str) -> None:
    text, _ = answer(tool, RESULTS[tool], locale)
    for shown in MUST_SHOW[tool]:
        assert shown in text
    assert "{" not in text and "}" not in text


def test_statuses_are_translated() -> None:
    text, _ = answer("show_gift_list", RESULTS["show_gift_list"], "fr")
    assert "réservé" in text
    text, _ = answer("show_orders", RESULTS["show_orders"], "fr")
    assert "payée" in text


def test_errors_are_reported_kindly() -> None:
    text, note = answer("add_to_list", {"error": "there is no catalogue item 'x'"}, "fr")
    assert "there is no catalogue item 'x'" in text and note == {}


def test_a_cancelled_purchase() -> None:
    text, _ = answer("start_purchase", {"cancelled": True})
    assert "didn't buy" in text


def test_search_results_offer_to_add_and_say_when_nothing_fits() -> None:
    item = {"id": "a", "title": "Capo", "price_display": "€14.99", "reason": "matches guitar"}
    text, note = answer("search_gifts", {"results": [item], "filters": {"recipient": "aunt"}}, "fr")
    assert "Capo" not in text and "€14.99" not in text and "votre tante" in text
    assert note == {"offered": "add"}
    text, note = answer("search_gifts", {"results": [], "filters": {}})
    assert note == {} and ("couldn't find" in text or "Nothing" in text)


def test_every_template_exists_in_both_languages_with_the_same_placeholders() -> None:
    templates = default_replies().templates
    for key, languages in templates.items():
        assert set(languages) == {"en", "fr"}, key
        fields = {
            lang: {name for text in variants for _, name, _, _ in string.Formatter().parse(text)
                   if name}
            for lang, variants in languages.items()
        }  # fmt: skip
        assert fields["en"] == fields["fr"], key
