"""The "my claims" page's words in en/fr, and the outcomes its forms come back with."""

from __future__ import annotations

from typing import Literal

ClaimsNotice = Literal["release", "bought", "refused", "gone"]
CLAIMS_WARNINGS = ("refused", "gone")

CLAIMS_WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Your gifts to give",
        "intro": (
            "Everything you reserved on the lists shared with you. Bookmark this page, or "
            "open its link on another device: it is your key, keep it to yourself."
        ),
        "account_intro": "Everything you reserved on the lists shared with you.",
        "by": "A list by {name}",
        "open_list": "Open the list",
        "empty": "You have not reserved anything yet (or those lists are no longer shared).",
        "release": "Release",
        "bought": "I bought it",
        "done_release": "The gift is available again.",
        "done_bought": "Thank you! The gift is marked as bought.",
        "done_refused": "This gift can't change any more.",
        "done_gone": "This gift is no longer on a list shared with you.",
        "all_claims": "All the gifts you reserved, on every list",
        "missing_text": "This claims link is unknown (or you are not signed in).",
    },
    "fr": {
        "title": "Vos cadeaux à offrir",
        "intro": (
            "Tout ce que vous avez réservé sur les listes partagées avec vous. Gardez cette "
            "page en favori, ou ouvrez son lien sur un autre appareil : c'est votre clé, "
            "ne la partagez pas."
        ),
        "account_intro": "Tout ce que vous avez réservé sur les listes partagées avec vous.",
        "by": "Une liste de {name}",
        "open_list": "Ouvrir la liste",
        "empty": (
            "Vous n'avez encore rien réservé (ou ces listes ne sont plus partagées)."
        ),
        "release": "Libérer",
        "bought": "Je l'ai acheté",
        "done_release": "Le cadeau est de nouveau disponible.",
        "done_bought": "Merci ! Le cadeau est marqué comme acheté.",
        "done_refused": "Ce cadeau ne peut plus changer.",
        "done_gone": "Ce cadeau n'est plus sur une liste partagée avec vous.",
        "all_claims": "Tous les cadeaux que vous avez réservés, sur toutes les listes",
        "missing_text": "Ce lien vers vos réservations est inconnu (ou vous n'êtes pas connecté).",
    },
}


def claims_words(locale: str) -> dict[str, str]:
    return CLAIMS_WORDS.get(locale, CLAIMS_WORDS["en"])
