"""Text helpers shared by the offline model's parsers: folding, words, language.

Every parser works on folded text (lower case, no accents) so that "Sœur",
"soeur" and "SOEUR" meet; `fold` keeps the length of most characters but not
all ("œ" becomes "oe"), so parsers never map positions back to the raw text.
"""

from __future__ import annotations

import re

from knowledge.vocabulary import fold as _fold_accents

_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "’": "'", "‘": "'", "`": "'"})
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def word_set(text: str) -> frozenset[str]:
    """A set of words written as one string, one word per space."""
    return frozenset(text.split())


# Function words and command verbs, frequent in one language and rare in the other:
# they tell the language apart and never identify a gift.
_FRENCH_FUNCTION = word_set(
    """je j tu il elle nous vous mon ma mes ton ta tes son sa ses le la les un une des du de au
    aux pour avec et est c s l d qu que qui quoi merci bonjour salut bonsoir oui non plutot
    moins cher chere autre chose ajoute ajouter montre montrer achete acheter pas peu importe
    veux voudrais cherche aime adore joue ans enleve retire supprime partage combien quel
    quelle trop aussi encore dans sur mais ou alors parle peux celui celle premier premiere
    deuxieme troisieme dernier derniere svp stp plait mets prends garde deja offert marque
    comme"""
)
_ENGLISH_FUNCTION = word_set(
    """i you my your the a an for with and is are who what which thanks thank hello hi hey yes no
    please cheaper something else add show buy want need looking loves love plays play years
    old me it that this one of to in on some any can could would like get find remove share
    bought much how too more other instead rather about just anything first second third last
    speak under over up put take delete already purchased mark as"""
)
# Everyday nouns that only help to tell the language.
_FRENCH = _FRENCH_FUNCTION | word_set(
    """cadeau cadeaux idee idees liste listes soeur frere pere mere fils fille neveu niece tante
    oncle copain copine ami amie prix disque enfant debutant cours commande commandes francais
    anglais"""
)
_ENGLISH = _ENGLISH_FUNCTION | word_set(
    """gift gifts idea ideas list lists sister brother dad mom mum father mother son daughter
    nephew niece aunt uncle friend wife husband kid kids beginner lessons headphones order
    orders english french"""
)


# Words that never identify a gift by name.
COMMON_WORDS = _FRENCH_FUNCTION | _ENGLISH_FUNCTION


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, one kind of apostrophe."""
    return _fold_accents(text.translate(_LIGATURES).lower()).translate(_LIGATURES)


def words(text: str) -> list[str]:
    """The folded words of `text`, apostrophe forms split ("l'anniversaire" → l, anniversaire)."""
    return [part for word in _WORD.findall(fold(text)) for part in word.split("'") if part]


# Frequent words of languages SongWish does not speak, rare in French and English.
_OTHER = {
    "de": word_set(
        """ich suche ein eine einen fur meinen meine meiner mein er sie spielt und mit bis zum
        geschenk geschenke bruder schwester vater mutter sohn tochter freund freundin nicht
        ist das der die den dem haben habe bitte danke etwas oder auch wie viel kostet"""
    ),
    "es": word_set(
        """busco buscando un una para mi mis hermano hermana padre madre hijo hija amigo amiga
        que toca le gusta regalo regalos menos pesos hola gracias por favor algo tiene tienes
        es el los las y con hasta cuanto cuesta quiero necesito"""
    ),
}


def other_language(text: str) -> str | None:
    """German or Spanish ("de", "es") when the words say so clearly, else None."""
    tokens = words(text)
    known = sum(token in _FRENCH or token in _ENGLISH for token in tokens)
    for language, vocabulary in _OTHER.items():
        hits = sum(token in vocabulary for token in tokens)
        if hits >= 3 and hits > 2 * known:
            return language
    return None


def detect_locale(text: str, default: str) -> str:
    """French or English ("fr", "en") when the words say so clearly, else `default`.

    Another language gets English (and a word saying French and English are spoken).
    """
    if other_language(text):
        return "en"
    tokens = words(text)
    french = sum(token in _FRENCH for token in tokens)
    english = sum(token in _ENGLISH for token in tokens)
    if re.search(r"[éèêàçùûôîœ]", text.lower()):
        french += 1
    if french > english:
        return "fr"
    if english > french:
        return "en"
    return default if default in ("fr", "en") else "en"


def clean_phrase(text: str) -> str:
    """A name typed by a person, without surrounding quotes, spaces and final punctuation."""
    return text.strip().strip("\"'«»“”‘’ ").rstrip(".!?;:, ").strip()
