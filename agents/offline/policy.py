"""The dialogue policy: from the last human message to a tool plan or a few words.

`understand` classifies the message and reads its slots, then lets the
dialogue state have its say: right after the assistant asked "who is it for
and what budget?", "ma sœur, 40 €" is the answer, not a new topic; after a
search, "le deuxième" picks an item. `decide` maps the intent to a handler.
"""

from __future__ import annotations

from collections.abc import Callable

from agents.offline import actions, group_gifts, importing, lists, profile, received, searching
from agents.offline.conversation import Conversation
from agents.offline.decisions import Decision, Plan, Request, Say
from agents.offline.intents import UNKNOWN, IntentClassifier
from agents.offline.people import saved_name_in
from agents.offline.references import names_extreme
from agents.offline.slots import read_slots
from agents.offline.text import detect_locale, other_language

Handler = Callable[[Request], Decision]

HANDLERS: dict[str, Handler] = {
    "recommend": searching.recommend,
    "insist": lambda request: searching.recommend(request, insist=True),
    "refine": searching.refine,
    "cheaper": searching.cheaper,
    "pricier": searching.pricier,
    "other": searching.something_else,
    "similar": searching.similar,
    "details": actions.details,
    "product": actions.product,
    "add": actions.add,
    "pick_one": lambda request: Say("ask_which_item", asked="which_item", action="add"),
    "create_list": actions.create_then_add,
    "name_new_list": lists.name_new_list,
    "rename_list": lists.rename_list,
    "give_new_title": lists.give_new_title,
    "show_list": lists.show_list,
    "list_lists": lists.list_lists,
    "remove": actions.remove,
    "move": actions.move,
    "share": actions.share,
    "mark_bought": actions.mark_bought,
    "group_gift": group_gifts.make_group,
    "reveal_date": group_gifts.set_reveal,
    "archive": received.archive,
    "copy_list": received.copy,
    "buy": actions.buy,
    "orders": actions.orders,
    "remember": profile.remember,
    "show_recipients": profile.show_recipients,
    "forget": profile.forget,
    "set_currency": profile.set_currency,
    "set_language": profile.set_language,
    "set_budget": profile.set_budget,
    "import_url": importing.import_url,
}
# Intents answered with words only.
TALK = ("greet", "help", "closing", "deny", "out_of_scope", "affirm", UNKNOWN)
# Intents a rule may impose even while the assistant waits for an answer.
_ANSWER_KEEPS = ("recommend", "refine", "insist", "affirm", "deny", UNKNOWN, "closing", "greet")
# Talk that never picks an item, even with a number in it.
_NOT_CHOICES = ("out_of_scope", "help", "deny")
# What an answer to each question continues.
_ANSWERS = {
    "list_name": "name_new_list",
    "new_title": "give_new_title",
    "currency": "set_currency",
    "usual_budget": "set_budget",
    "remember": "remember",
    "forget": "forget",
    "move": "move",
    "reveal_date": "reveal_date",
}


def understand(conversation: Conversation, classifier: IntentClassifier) -> Request:
    text = conversation.current.human
    context = conversation.context
    locale = detect_locale(text, context.locale)
    previous = conversation.previous
    asked = previous.note.get("asked") if previous else None
    slots = read_slots(text, context.currency, bare_number=asked in ("who_budget", "usual_budget"))
    guess = classifier.classify(text) if text.strip() else None
    intent = guess.intent if guess else UNKNOWN
    if other_language(text) and intent in TALK:
        intent = "insist"  # German, Spanish: still a gift search on what could be read
    request = Request(text, locale, intent, slots, conversation)
    intent = _in_dialogue(
        request,
        asked,
        previous.note if previous else {},
        guess is not None and guess.source == "rule",
    )
    return Request(text, locale, intent, slots, conversation)


def decide(request: Request, tools: frozenset[str] | None) -> Decision:
    """The handler's decision; a call to a tool that is not bound becomes an apology."""
    if request.intent in TALK:
        return Say(request.intent)
    decision = HANDLERS[request.intent](request)
    if isinstance(decision, Plan) and tools is not None:
        missing = [tool.name for tool in decision.calls if tool.name not in tools]
        if missing:
            return Say("unavailable", {"tool": missing[0]})
    return decision


def _in_dialogue(request: Request, asked: str | None, note: dict, by_rule: bool) -> str:
    """The intent once the previous question and offer are taken into account."""
    intent, slots = request.intent, request.slots
    if asked == "list_name" and intent == "rename_list":
        return "name_new_list"  # "call it Summer party" names the list being created
    answering = asked is not None and not (by_rule and intent not in _ANSWER_KEEPS)
    if answering and asked == "who_budget" and (intent == "insist" or slots.describes_gift):
        return "insist" if intent == "insist" else "recommend"
    picked = slots.ordinals or slots.quoted or intent in (UNKNOWN, "affirm")
    if answering and asked in ("which_item", "which_gift") and note.get("action") and picked:
        return str(note["action"])
    if answering and asked in _ANSWERS and intent in _ANSWER_KEEPS:
        return _ANSWERS[asked]
    if (
        note.get("offered") == "add"
        and intent in ("cheaper", "pricier")
        and names_extreme(request.text)
    ):
        return "add"  # "the cheapest one" picks among the ideas shown
    if note.get("offered") == "add" and intent in TALK and intent not in _NOT_CHOICES:
        if slots.ordinals:
            return "add"
        if intent == "affirm":
            return "pick_one"
    if intent in TALK and intent not in ("out_of_scope", "help") and _about_a_gift(request):
        return "refine" if searching.last_search_args(request.conversation) else "recommend"
    return intent


def _about_a_gift(request: Request) -> bool:
    """The message names something a search can use, or a person the user saved."""
    saved = [profile.get("name", "") for profile in request.conversation.context.recipients]
    return request.slots.describes_gift or saved_name_in(request.text, saved) is not None
