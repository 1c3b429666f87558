"""Held-out French conversations, tapées comme les gens tapent (sans accents, argot, fautes)."""

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

FR = {"locale": "fr"}

REFINEMENTS = [
    Script(
        "h_fr_plutot_moins_cher",
        "fr",
        (
            Step("un vinyle de jazz pour mon pere, moins de 50 euros", (SEARCH,)),
            Step("plutot quelque chose de moins cher", (SEARCH,)),
        ),
        user=FR,
        final=(differs(0, 1), cheaper(0, 1), within(1, 50, "EUR"), shows_matching(1, **VINYL)),
    ),
    Script(
        "h_fr_autre_chose_casque",
        "fr",
        (
            Step("un casque pour mon fils, 100 balles max", (SEARCH,)),
            Step("autre chose ?", (SEARCH,)),
        ),
        user=FR,
        final=(differs(0, 1), within(1, 100, "EUR"), shows_matching(1, **HEADPHONES)),
    ),
    Script(
        "h_fr_pour_un_debutant",
        "fr",
        (
            Step("un cadeau pour mon neveu qui joue de la guitare, pas plus de 80", (SEARCH,)),
            Step("il debute hein", (SEARCH,)),
        ),
        user=FR,
        final=(
            differs(0, 1),
            within(1, 80, "EUR"),
            shows_matching(1, instrument=["guitar"], level=["beginner"]),
        ),
    ),
    Script(
        "h_fr_encore_moins_cher",
        "fr",
        (
            Step("une enceinte bluetooth pour ma soeur, entre 50 et 200 euros", (SEARCH,)),
            Step("moins cher", (SEARCH,)),
            Step("encore moins cher stp", (SEARCH,)),
        ),
        user=FR,
        final=(differs(0, 1), differs(1, 2), cheaper(1, 2), within(2, 200, "EUR")),
    ),
    Script(
        "h_fr_d_autres_platines",
        "fr",
        (
            Step("une platine pour mon pere qui adore ses vieux disques de jazz", (SEARCH,)),
            Step("montre m'en d'autres", (SEARCH,)),
        ),
        user=FR,
        final=(shows_matching(0, **TURNTABLE), differs(0, 1), shows_matching(1, **TURNTABLE)),
    ),
    Script(
        "h_fr_pote_batteur",
        "fr",
        (
            Step("un petit truc pour un pote batteur, moins de 20 balles", (SEARCH,)),
            Step("t'as autre chose ?", (SEARCH,)),
        ),
        user=FR,
        final=(
            shows_matching(0, category=["accessories"], instrument=["drums"]),
            within(0, 20, "EUR"),
            differs(0, 1),
            within(1, 20, "EUR"),
        ),
    ),
]

DECISIONS = [
    typed_decision(
        "h_fr_tape_oui", "fr", "des cours de guitare en ligne pour mon pere, moins de 100 €",
        "achete le premier", "oui", approved=True,
    ),
    typed_decision(
        "h_fr_tape_oui_vas_y", "fr", "une soiree jazz ou un bon pour un concert pour papi, 150 max",
        "achete le premier", "oui vas-y", approved=True, stale_click=True,
    ),
    typed_decision(
        "h_fr_tape_ok_achete", "fr",
        "un logiciel de musique pour mon fils qui fait des prods, moins de 300 €",
        "achete le premier", "ok achete-le", approved=True,
    ),
    typed_decision(
        "h_fr_tape_non_ne_l_achete_pas", "fr", "une carte cadeau streaming pour ma mere, 60 € max",
        "achete le premier", "non, ne l'achete pas", approved=False, stale_click=True,
    ),
    typed_decision(
        "h_fr_tape_annule", "fr", "des cours de violon en ligne pour ma niece, moins de 100",
        "achete le premier stp", "annule", approved=False,
    ),
    typed_decision(
        "h_fr_tape_laisse_tomber", "fr", "un abonnement a un magazine rock pour mon frere, 50 max",
        "achete le premier", "laisse tomber", approved=False,
    ),
    typed_decision(
        "h_fr_tape_c_est_bon_valide", "fr", "des cours de ukulele pour ma mere, moins de 50 euros",
        "achete le premier", "c'est bon, valide", approved=True, stale_click=True,
    ),
    typed_decision(
        "h_fr_tape_finalement_non", "fr", "une appli de piano pour ma copine, moins de 80",
        "achete le premier", "finalement non", approved=False,
    ),
]  # fmt: skip

CURRENCY = [
    Script(
        "h_fr_une_seule_devise_euro",
        "fr",
        (
            Step("des cours de guitare blues en ligne pour mon pere, 100 balles max", (SEARCH,)),
            Step("ajoute le premier a ma liste", ("add_to_list",)),
            Step("achete le deuxieme", ("start_purchase",), pending=True),
            Step(approve=True),
            Step("montre mes commandes", ("show_orders",)),
        ),
        user=FR,
        final=(one_currency("EUR"), orders_count(1)),
    ),
    Script(
        "h_fr_canada_une_seule_devise",
        "fr",
        (
            Step("un abonnement streaming pour mon ado, 120 $ max", (SEARCH,)),
            Step("achete le premier", ("start_purchase",), pending=True),
            Step("oui"),
        ),
        user={"locale": "fr-CA", "currency": "CAD"},
        final=(one_currency("CAD"), orders_count(1)),
    ),
    Script(
        "h_fr_dollars_us_une_seule_devise",
        "fr",
        (
            Step("un vinyle de rock pour mon oncle, 40 dollars max", (SEARCH,)),
            Step("achete le premier", ("start_purchase",), pending=True),
            Step(approve=False),
        ),
        user={"locale": "fr", "currency": "USD"},
        final=(one_currency("USD"), within(0, 40, "USD")),
    ),
    Script(
        "h_fr_passe_en_dollars_canadiens_puis_cadeau",
        "fr",
        (
            Step(
                "affiche les prix en dollars canadiens",
                (Call("set_preferences", {"currency": "CAD"}),),
            ),
            Step("un vinyle de jazz pour mon pere, 50 max", (SEARCH,)),
        ),
        user=FR,
        final=(prefers(currency="CAD"), within(1, 50, "CAD"), shows_matching(1, **VINYL)),
    ),
    Script(
        "h_fr_recherche_puis_dollars",
        "fr",
        (
            Step("un vinyle de rock pour mon frere, moins de 30 €", (SEARCH,)),
            Step("affiche les prix en dollars canadiens", ("set_preferences",)),
            Step("montre-moi autre chose", (SEARCH,)),
        ),
        user=FR,
        final=(shows_some(2), within(2, 30, "EUR", shown_in="CAD", slack=1.1)),
    ),
]

NAMES_AND_TYPOS = [
    Script(
        "h_fr_widget_parle_moi_de",
        "fr",
        (Step("Parle-moi de « Piano numérique Yamaha P-145 »", (SEARCH,), then_any=True),),
        user=FR,
        final=(shows_item(0, "ins-001"),),
    ),
    Script(
        "h_fr_widget_parle_moi_du_ukulele",
        "fr",
        (
            Step(
                "Parle-moi de « Pack ukulélé soprano pour enfants (5 à 10 ans) »",
                (SEARCH,),
                then_any=True,
            ),
        ),
        user=FR,
        final=(shows_item(0, "kid-003"),),
    ),
    Script(
        "h_fr_bon_cadeau",
        "fr",
        (
            Step(
                "est-ce que le casque sony wh-1000xm5 c'est un bon cadeau pour mon pere"
                " qui voyage beaucoup ?",
                (SEARCH,),
                then_any=True,
            ),
        ),
        user=FR,
        final=(shows_item(0, "aud-010"),),
    ),
    Script(
        "h_fr_coffret_kind_of_blue_puis_ajoute",
        "fr",
        (
            Step("je veux le coffret Kind of Blue", (SEARCH,)),
            Step("ajoute-le a ma liste", (Call("add_to_list", {"item_id": "vin-001"}),)),
        ),
        user=FR,
        final=(shows_item(0, "vin-001"),),
    ),
    Script(
        "h_fr_p145_puis_ajoute",
        "fr",
        (
            Step("vous avez le piano yamaha p145 ?", (SEARCH,)),
            Step("ajoute le a ma liste", (Call("add_to_list", {"item_id": "ins-001"}),)),
        ),
        user=FR,
        final=(shows_item(0, "ins-001"),),
    ),
    Script(
        "h_fr_faute_casqe",
        "fr",
        (Step("casqe pour mon fils", (SEARCH,)),),
        user=FR,
        final=(shows_matching(0, **HEADPHONES),),
    ),
    Script(
        "h_fr_faute_platine_vinil",
        "fr",
        (Step("platine vinil pour ma soeur", (SEARCH,)),),
        user=FR,
        final=(shows_matching(0, **TURNTABLE),),
    ),
    Script(
        "h_fr_enceintes_pour_vinyles",
        "fr",
        (Step("des enceintes pour ecouter des vinyles, 300 max", (SEARCH,)),),
        user=FR,
        final=(shows_matching(0, **SPEAKERS), within(0, 300, "EUR")),
    ),
    Script(
        "h_fr_anches_saxo",
        "fr",
        (Step("des anches pour le saxo alto de mon neveu", (SEARCH,)),),
        user=FR,
        final=(shows_matching(0, title=["reeds"], instrument=["saxophone"]),),
    ),
    Script(
        "h_fr_colophane",
        "fr",
        (Step("de la colophane pour ma fille violoniste", (SEARCH,)),),
        user=FR,
        final=(shows_matching(0, title=["rosin"]),),
    ),
    Script(
        "h_fr_guitare_niece_10_ans",
        "fr",
        (Step("une guitare pour ma niece de 10 ans, 150 € max", (SEARCH,)),),
        user=FR,
        final=(
            shows_matching(0, category=["instruments", "kids"], title=["guitar"], age=10),
            within(0, 150, "EUR"),
        ),
    ),
]

LISTS_AND_EMPTY = [
    Script(
        "h_fr_partage_avec_lien",
        "fr",
        (
            Step("un vinyle pour ma soeur qui adore la soul, moins de 40", (SEARCH,)),
            Step("ajoute le premier", ("add_to_list",)),
            Step("partage ma liste avec la famille", ("share_list",)),
        ),
        user=FR,
        final=(on_list(0, 1), shared(), reply_links_share(2)),
    ),
    Script(
        "h_fr_rien_ne_va_piano",
        "fr",
        (Step("un piano numerique pour ma femme a moins de 20 €", (SEARCH,), then_any=True),),
        user=FR,
        final=(shows_some(0),),
    ),
    Script(
        "h_fr_rien_ne_va_vinyle",
        "fr",
        (Step("un vinyle de jazz pour papa, 5 euros max", (SEARCH,), then_any=True),),
        user=FR,
        final=(shows_some(0),),
    ),
    Script(
        "h_fr_liste_puis_faute",
        "fr",
        (
            Step("cree une liste « Noel de papa »", ("create_gift_list",)),
            Step("platine vinyl pas chere pour mon pere, 200 balles max", (SEARCH,)),
        ),
        user=FR,
        final=(
            list_exists("Noel de papa"),
            shows_matching(1, **TURNTABLE),
            within(1, 200, "EUR"),
        ),
    ),
]

SCRIPTS_FR = {
    "refinement": REFINEMENTS,
    "typed decision": DECISIONS,
    "currency": CURRENCY,
    "name, typo, object": NAMES_AND_TYPOS,
    "share, nothing fits": LISTS_AND_EMPTY,
}
