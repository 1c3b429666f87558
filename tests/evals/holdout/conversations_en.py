"""Held-out English conversations, typed the way people type (German and Spanish ones too).

Scripts whose person writes German or Spanish are `en`: the replies must be
English, say that French and English are supported, and still search sensibly.
"""

from __future__ import annotations

from tests.evals.checks import list_exists, on_list, prefers, shared
from tests.evals.harness import Call, Script, Step
from tests.evals.holdout.checks import (
    cheaper,
    differs,
    one_currency,
    orders_count,
    reply_links_share,
    shows_item,
    shows_matching,
    shows_some,
    within,
)
from tests.evals.holdout.scenarios import (
    HEADPHONES,
    SEARCH,
    SPEAKERS,
    TURNTABLE,
    VINYL,
    typed_decision,
)

US = {"locale": "en-US", "currency": "USD"}
BOTH_LANGUAGES = ("French", "English")

REFINEMENTS = [
    Script(
        "h_en_cheaper_jazz_vinyl",
        "en",
        (
            Step("jazz vinyl for my dad, under 50 euros", (SEARCH,)),
            Step("hmm something cheaper?", (SEARCH,)),
        ),
        final=(differs(0, 1), cheaper(0, 1), within(1, 50, "EUR"), shows_matching(1, **VINYL)),
    ),
    Script(
        "h_en_something_else_headphones",
        "en",
        (
            Step("headphones for my son, max 100", (SEARCH,)),
            Step("something else", (SEARCH,)),
        ),
        final=(differs(0, 1), within(1, 100, "EUR"), shows_matching(1, **HEADPHONES)),
    ),
    Script(
        "h_en_for_a_beginner",
        "en",
        (
            Step("a gift for my nephew who plays guitar, under 80", (SEARCH,)),
            Step("he's a beginner though", (SEARCH,)),
        ),
        final=(
            differs(0, 1),
            within(1, 80, "EUR"),
            shows_matching(1, instrument=["guitar"], level=["beginner"]),
        ),
    ),
    Script(
        "h_en_cheaper_twice_usd",
        "en",
        (
            Step("bluetooth speaker for my sister, under $200", (SEARCH,)),
            Step("cheaper", (SEARCH,)),
            Step("even cheaper pls", (SEARCH,)),
        ),
        user=US,
        final=(differs(0, 1), differs(1, 2), cheaper(1, 2), within(2, 200, "USD")),
    ),
    Script(
        "h_en_other_turntables",
        "en",
        (
            Step("a turntable for my dad who loves jazz records", (SEARCH,)),
            Step("show me other ones", (SEARCH,)),
        ),
        final=(shows_matching(0, **TURNTABLE), differs(0, 1), shows_matching(1, **TURNTABLE)),
    ),
    Script(
        "h_en_drummer_stocking_filler",
        "en",
        (
            Step("a drummer friend, stocking filler under 25 dollars", (SEARCH,)),
            Step("anything else?", (SEARCH,)),
        ),
        user=US,
        final=(
            shows_matching(0, category=["accessories"], instrument=["drums"]),
            within(0, 25, "USD"),
            differs(0, 1),
            within(1, 25, "USD"),
        ),
    ),
]

DECISIONS = [
    typed_decision(
        "h_en_typed_yes", "en", "online guitar lessons for my dad, under 100 euros",
        "buy the first one", "yes", approved=True,
    ),
    typed_decision(
        "h_en_typed_go_ahead", "en", "a jazz club night for my grandad, under 150",
        "buy the first one", "go ahead", approved=True, stale_click=True,
    ),
    typed_decision(
        "h_en_typed_sure_buy_it", "en", "music software for my son who makes beats, under $300",
        "buy the first", "sure, buy it", approved=True, user=US,
    ),
    typed_decision(
        "h_en_typed_no_dont_buy", "en", "a streaming gift card for my mum, max 60 euros",
        "buy the first one", "no, don't buy it", approved=False, stale_click=True,
    ),
    typed_decision(
        "h_en_typed_cancel", "en", "online violin lessons for my niece, under 100",
        "buy the first one please", "cancel", approved=False,
    ),
    typed_decision(
        "h_en_typed_nah_forget_it", "en", "a rock magazine subscription for my brother, max 50",
        "buy the first one", "nah forget it", approved=False,
    ),
    typed_decision(
        "h_en_typed_yes_please", "en", "ukulele lessons for my mum, under 50 euros",
        "buy the first", "yes please", approved=True, stale_click=True,
    ),
    typed_decision(
        "h_en_typed_actually_dont", "en", "a piano app membership for my girlfriend, under 80",
        "buy the first one", "actually, don't", approved=False,
    ),
]  # fmt: skip

CURRENCY = [
    Script(
        "h_en_us_one_currency_purchase",
        "en",
        (
            Step("online blues guitar lessons for my dad, under 100 dollars", (SEARCH,)),
            Step("add the first one to my list", ("add_to_list",)),
            Step("buy the second one", ("start_purchase",), pending=True),
            Step(approve=True),
            Step("show my orders", ("show_orders",)),
        ),
        user=US,
        final=(one_currency("USD"), orders_count(1)),
    ),
    Script(
        "h_en_us_one_currency_typed_yes",
        "en",
        (
            Step("a music production course for my teenage son, ~150 bucks", (SEARCH,)),
            Step("buy the first one", ("start_purchase",), pending=True),
            Step("yep"),
        ),
        user=US,
        final=(one_currency("USD"), orders_count(1)),
    ),
    Script(
        "h_en_gbp_one_currency",
        "en",
        (
            Step("a rock vinyl for my uncle, £30ish", (SEARCH,)),
            Step("buy the first one", ("start_purchase",), pending=True),
            Step(approve=False),
        ),
        user={"locale": "en-GB", "currency": "GBP"},
        final=(one_currency("GBP"), within(0, 35, "GBP")),
    ),
    Script(
        "h_en_switch_to_cad_then_gift",
        "en",
        (
            Step(
                "show prices in Canadian dollars", (Call("set_preferences", {"currency": "CAD"}),)
            ),
            Step("a jazz vinyl for my dad under 50", (SEARCH,)),
        ),
        final=(prefers(currency="CAD"), within(1, 50, "CAD"), shows_matching(1, **VINYL)),
    ),
    Script(
        "h_en_search_then_switch_to_cad",
        "en",
        (
            Step("a rock vinyl for my brother under 30 euros", (SEARCH,)),
            Step("can you show prices in canadian dollars?", ("set_preferences",)),
            Step("show me something else", (SEARCH,)),
        ),
        # The remembered 30 € budget, converted: cards in CAD, items still about 30 €.
        final=(shows_some(2), within(2, 30, "EUR", shown_in="CAD", slack=1.1)),
    ),
]

LANGUAGES = [
    Script(
        "h_en_german_jazz_gift",
        "en",
        (
            Step(
                "Ich suche ein Geschenk für meinen Vater, er liebt Jazz, bis 50 Euro",
                (SEARCH,),
                shows=BOTH_LANGUAGES,
            ),
        ),
        final=(shows_matching(0, genre=["jazz"]), within(0, 50, "EUR")),
    ),
    Script(
        "h_en_german_headphones",
        "en",
        (Step("Kopfhörer für meine Tochter, bitte", (SEARCH,), shows=BOTH_LANGUAGES),),
        final=(shows_matching(0, **HEADPHONES),),
    ),
    Script(
        "h_en_spanish_guitar_sister",
        "en",
        (
            Step(
                "Busco un regalo para mi hermana que toca la guitarra, máximo 40 euros",
                (SEARCH,),
                shows=BOTH_LANGUAGES,
            ),
        ),
        final=(shows_matching(0, instrument=["guitar"]), within(0, 40, "EUR")),
    ),
    Script(
        "h_en_spanish_rock_vinyl",
        "en",
        (Step("un vinilo de rock para mi padre", (SEARCH,), shows=BOTH_LANGUAGES),),
        final=(shows_matching(0, category=["vinyl_cd"], genre=["rock"]),),
    ),
]

NAMES_AND_TYPOS = [
    Script(
        "h_en_widget_tell_me_about",
        "en",
        (Step("Tell me about « Yamaha P-145 digital piano (88 keys) »", (SEARCH,), then_any=True),),
        final=(shows_item(0, "ins-001"),),
    ),
    Script(
        "h_en_good_gift_question",
        "en",
        (
            Step(
                "is the Sony WH-1000XM5 a good gift for my dad who travels a lot?",
                (SEARCH,),
                then_any=True,
            ),
        ),
        final=(shows_item(0, "aud-010"),),
    ),
    Script(
        "h_en_by_name_then_add_it",
        "en",
        (
            Step("Do you have the Yamaha P-145?", (SEARCH,)),
            Step("add it to my list", (Call("add_to_list", {"item_id": "ins-001"}),)),
        ),
        final=(shows_item(0, "ins-001"),),
    ),
    Script(
        "h_en_typo_headphons",
        "en",
        (Step("headphons for my son", (SEARCH,)),),
        final=(shows_matching(0, **HEADPHONES),),
    ),
    Script(
        "h_en_typo_ukelele",
        "en",
        (Step("a ukelele for my daughter, under 80", (SEARCH,)),),
        final=(shows_matching(0, title=["ukulele"]), within(0, 80, "EUR")),
    ),
    Script(
        "h_en_head_noun_speakers",
        "en",
        (Step("speakers to play my vinyl records on, under 300", (SEARCH,)),),
        final=(shows_matching(0, **SPEAKERS), within(0, 300, "EUR")),
    ),
    Script(
        "h_en_kid_guitar_age",
        "en",
        (Step("a guitar for my 10 year old niece, under 150", (SEARCH,)),),
        final=(
            shows_matching(0, category=["instruments", "kids"], title=["guitar"], age=10),
            within(0, 150, "EUR"),
        ),
    ),
]

LISTS_AND_EMPTY = [
    Script(
        "h_en_share_carries_link",
        "en",
        (
            Step("a vinyl for my sister who loves soul, under 40", (SEARCH,)),
            Step("add the first one", ("add_to_list",)),
            Step("share my list with my family", ("share_list",)),
        ),
        final=(on_list(0, 1), shared(), reply_links_share(2)),
    ),
    Script(
        "h_en_nothing_fits_grand_piano",
        "en",
        (Step("a digital piano for my wife under 20 euros", (SEARCH,), then_any=True),),
        final=(shows_some(0),),
    ),
    Script(
        "h_en_nothing_fits_cheap_vinyl",
        "en",
        (Step("a jazz vinyl for my dad, 5 euros max", (SEARCH,), then_any=True),),
        final=(shows_some(0),),
    ),
    Script(
        "h_en_named_list_then_typo",
        "en",
        (
            Step('create a list called "Dad 60th"', ("create_gift_list",)),
            Step("turntabel for my dad, under 200 euros", (SEARCH,)),
        ),
        final=(list_exists("Dad 60th"), shows_matching(1, **TURNTABLE), within(1, 200, "EUR")),
    ),
]

SCRIPTS_EN = {
    "refinement": REFINEMENTS,
    "typed decision": DECISIONS,
    "currency": CURRENCY,
    "other language": LANGUAGES,
    "name, typo, object": NAMES_AND_TYPOS,
    "share, nothing fits": LISTS_AND_EMPTY,
}
