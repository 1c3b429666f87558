"""Conversations from issues 13 and 17 (dialogue side), EN and FR.

Refinements that change the results, typed purchase decisions, a currency
switch, other languages, questions about a named product, typos in the
product word, and searches that find nothing.
"""

from __future__ import annotations

from typing import Any

from tests.evals.checks import no_orders, ordered
from tests.evals.harness import Call, Record, Script, Shown, Snapshot, Step

SEARCH = "search_gifts"


def renewed(before: int, after: int, *, new: int = 3):
    """Step `after` showed at least `new` items that step `before` had not shown."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        seen = {item["id"] for item in record.turns[before].shown}
        fresh = [item["id"] for item in record.turns[after].shown if item["id"] not in seen]
        return None if len(fresh) >= new else f"step {after} repeats step {before}: {fresh} new"

    return check


def found(*steps: int):
    """Each of `steps` showed at least one item."""

    def check(snapshot: Snapshot, record: Record) -> str | None:
        empty = [step for step in steps if not record.turns[step].shown]
        return f"steps {empty} showed nothing" if empty else None

    return check


def on_any_list(item_id: str):
    def check(snapshot: Snapshot, record: Record) -> str | None:
        items = snapshot.items_on()
        return None if item_id in items else f"{item_id} not on a list: {items}"

    return check


def above(limit: float):
    return lambda value, record: value is not None and value > limit


def currency_is(*codes: Any):
    return lambda value, record: value in codes


FR = {"locale": "fr"}
PIANO = "ins-001"  # Yamaha P-145 digital piano

SCRIPTS_DIALOGUE = [
    Script(
        "en_cheaper_changes_the_ideas",
        "en",
        (
            Step("a gift for my sister who plays guitar, under 80 euros", (SEARCH,)),
            Step("something cheaper", (Call(SEARCH, {"max_budget": lambda v, r: v < 80}),)),
        ),
        final=(renewed(0, 1),),
    ),
    Script(
        "fr_moins_cher_change_les_idees",
        "fr",
        (
            Step("un cadeau pour mon frère qui joue de la batterie, moins de 100 €", (SEARCH,)),
            Step(
                "plutôt quelque chose de moins cher",
                (Call(SEARCH, {"max_budget": lambda v, r: v < 100}),),
            ),
        ),
        final=(renewed(0, 1),),
        user=FR,
    ),
    Script(
        "en_something_else_then_for_a_beginner",
        "en",
        (
            Step("a jazz gift for my dad under 60 dollars", (SEARCH,)),
            Step("something else", (Call(SEARCH, {"exclude_shown": True}),)),
            Step("for a beginner", (Call(SEARCH, {"level": "beginner"}),)),
        ),
        final=(renewed(0, 1), renewed(1, 2, new=2)),
    ),
    Script(
        "en_typed_no_cancels_the_purchase",
        "en",
        (
            Step("a music software licence for my son who makes beats, under 300 euros", (SEARCH,)),
            Step(
                "buy the first one",
                (Call("start_purchase", {"item_id": Shown(0, 1)}),),
                pending=True,
            ),
            Step("no, don't buy it"),
            Step("thanks"),
        ),
        final=(no_orders,),
    ),
    Script(
        "fr_annule_puis_vas_y",
        "fr",
        (
            Step("un logiciel de musique pour mon fils, moins de 300 €", (SEARCH,)),
            Step(
                "achète le premier",
                (Call("start_purchase", {"item_id": Shown(0, 1)}),),
                pending=True,
            ),
            Step("annule"),
            Step(
                "finalement achète le premier",
                (Call("start_purchase", {"item_id": Shown(0, 1)}),),
                pending=True,
            ),
            Step("vas-y"),
        ),
        final=(ordered(0, 1),),
        user=FR,
    ),
    Script(
        "en_currency_switch_keeps_finding",
        "en",
        (
            Step("a gift for my sister who plays piano, under 50 euros", (SEARCH,)),
            Step("show prices in Canadian dollars", ("set_preferences",)),
            Step(
                "something else",
                (Call(SEARCH, {"currency": currency_is(None, "CAD"), "max_budget": above(50)}),),
            ),
        ),
        final=(found(0, 2),),
    ),
    Script(
        "fr_affiche_en_dollars_puis_cherche",
        "fr",
        (
            Step("une idée de cadeau pour ma nièce qui chante, moins de 40 €", (SEARCH,)),
            Step("affiche les prix en dollars", ("set_preferences",)),
            Step("autre chose ?", (Call(SEARCH, {"currency": currency_is(None, "USD")}),)),
        ),
        final=(found(0, 2),),
        user=FR,
    ),
    Script(
        "en_german_message_gets_english_and_a_search",
        "en",
        (
            Step(
                "Ich suche ein Geschenk für meinen Bruder, er spielt Gitarre, bis 50 Euro",
                (Call(SEARCH, {"max_budget": 50}),),
                shows=("English",),
            ),
        ),
        user={"locale": "fr"},
        final=(found(0),),
    ),
    Script(
        "en_spanish_message_gets_english_and_a_search",
        "en",
        (
            Step(
                "Busco un regalo para mi hermana que toca el piano, menos de 100 euros",
                (Call(SEARCH, {"max_budget": 100}),),
                shows=("English",),
            ),
        ),
        final=(found(0),),
    ),
    Script(
        "fr_widget_product_question_then_add",
        "fr",
        (
            Step(
                "Parle-moi de « Piano numérique Yamaha P-145 »",
                (SEARCH, Call("get_item_details", {"item_id": PIANO})),
            ),
            Step("ajoute-le à ma liste", (Call("add_to_list", {"item_id": PIANO}),)),
        ),
        final=(on_any_list(PIANO),),
        user=FR,
    ),
    Script(
        "en_do_you_have_then_good_gift_then_add",
        "en",
        (
            Step(
                "Do you have the Yamaha P-145?",
                (SEARCH, Call("get_item_details", {"item_id": PIANO})),
            ),
            Step(
                "is this a good gift for my niece?",
                (Call("get_item_details", {"item_id": PIANO}),),
            ),
            Step("add it to my list", (Call("add_to_list", {"item_id": PIANO}),)),
        ),
        final=(on_any_list(PIANO),),
    ),
    Script(
        "en_typo_in_the_product_word",
        "en",
        (Step("headphons for my son", (Call(SEARCH, {"recipient": "son"}),)),),
        final=(found(0),),
    ),
    Script(
        "fr_typo_dans_le_mot_produit",
        "fr",
        (Step("un casqe audio pour mon neveu, moins de 60 €", (SEARCH,)),),
        final=(found(0),),
        user=FR,
    ),
    Script(
        "en_nothing_found_offers_alternatives",
        "en",
        (Step("a grand piano for my mum under 10 euros", (SEARCH,)),),
        final=(found(0),),
    ),
    Script(
        "fr_rien_trouve_propose_autre_chose",
        "fr",
        (Step("un violoncelle pour ma fille, moins de 5 €", (SEARCH,)),),
        final=(found(0),),
        user=FR,
    ),
    Script(
        "en_widget_tell_me_about_then_good_gift",
        "en",
        (
            Step(
                "Tell me about “Yamaha P-145 digital piano (88 keys)”",
                (SEARCH, Call("get_item_details", {"item_id": PIANO})),
            ),
            Step(
                "is it a good gift for my nephew?", (Call("get_item_details", {"item_id": PIANO}),)
            ),
        ),
    ),
    Script(
        "fr_boutons_de_carte_acheter_et_similaires",
        "fr",
        (
            Step(
                "Est-ce que vous avez le Yamaha P-145 ?",
                (SEARCH, Call("get_item_details", {"item_id": PIANO})),
            ),
            Step(
                "D'autres idées comme « Piano numérique Yamaha P-145 (88 touches) »",
                (Call("more_like_this", {"item_id": PIANO}),),
            ),
            Step(
                "Je voudrais acheter « Piano numérique Yamaha P-145 (88 touches) »",
                (Call("start_purchase", {"item_id": PIANO}),),
                pending=True,
            ),
            Step("laisse tomber"),
        ),
        user=FR,
        final=(no_orders,),
    ),
]
